/**
 * `@tramites/testing/api`: the real API in-process beside a real worker (the suite's harness), and
 * the journeys and desk cases the HTTP suites drive through it.
 */
export * from './api-harness';
export * from './http-journey';
export * from './desk-cases';
