/**
 * `@tramites/testing/unit`: pure fixtures for unit specs, free of Node, Temporal and PostgreSQL, so that
 * the domain's specs (typechecked without Node types) and the workflows' state-machine specs use them:
 * fast-check generators of valid identity numbers, complete filings of each procedure, the in-person
 * case's start input and actors, and an error-code assertion.
 */
export * from './arbitraries';
export * from './checklist-fixtures';
export * from './expect-code';
export * from './in-person-case-state';
