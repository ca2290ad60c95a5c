/**
 * `@tramites/testing/web`: Chromium with axe, the officers' web app signed in through a test
 * identity provider, and the shared web sessions the suites open and backdate.
 */
export * from './browser';
export * from './officer-harness';
export * from './officer-web';
export * from './web-sessions';
export * from './screen-widths';
export * from './applicant-web';
