export * from './process-utils';
export * from './payload-codec';
export * from './actor-assertion';
export * from './preflight';
export * from './startup-env';
export * from './worker-process';
