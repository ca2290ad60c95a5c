export * from './paths';
export * from './process-utils';
export * from './temporal-cli';
export * from './temporal-test-server';
export * from './temporal-dev-server';
export * from './embedded-postgres';
export * from './preflight';
