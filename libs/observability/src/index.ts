export * from './tracing';
export * from './metrics';
export { redactedPath, scrubAttributes } from './scrub';
