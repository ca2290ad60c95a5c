export * from './shared-infra';
export * from './database';
export * from './temporal';
export * from './worker';
export * from './fixtures';
export * from './tcp-proxy';
