/**
 * `@tramites/testing/rows`: rows the suites and the benches write and read directly (fixtures,
 * synthetic read models, old query shapes to compare plans with). Their SQL is the one exception to
 * "SQL only in libs/persistence" (ADR 0025, docs/architecture.md): production's library exports
 * nothing for tests or benches. Light on purpose (no Temporal, no app), so that bench/ can use it.
 */
export { TestRows, type CaseEventRow, type CaseRow, type OutboxTestRow } from './test-rows';
export { BackOfficeTestRows, type OutboxRow } from './back-office-rows';
export { ServiceTimeRows, type SyntheticStep } from './service-time-rows';
export { BenchRows, Explaining, oldCaseListPage, oldOverdueQueuePage } from './bench-rows';
