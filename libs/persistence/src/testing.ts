/**
 * `@tramites/persistence/testing`: rows the suites and the benches write and read directly (fixtures,
 * synthetic read models, old query shapes to compare plans with). Its SQL lives here, beside the schema
 * it follows, but production's index does not export it; lint lets only test/, libs/testing and bench/
 * import this entry point (ADR 0025).
 */
export { TestRows, type CaseEventRow, type CaseRow, type OutboxTestRow } from './test-support/test-rows';
export { BackOfficeTestRows, type OutboxRow } from './test-support/back-office-rows';
export { BenchRows, Explaining, oldCaseListPage, oldOverdueQueuePage } from './bench/bench-rows';
