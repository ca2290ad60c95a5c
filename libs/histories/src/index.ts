/**
 * Temporal histories (ADR 0020): fetch a run's history, read it with the payload codec, export
 * it, and replay it against the workflow bundle. Used by the API's audit routes, the auditor's
 * command (scripts/audit.ts), the worker's archiver and the replay tests and bench.
 */
export * from './history';
export * from './decode';
export * from './replay';
export * from './recorded-events';
