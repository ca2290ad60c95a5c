import { DefaultLogger, Runtime } from '@temporalio/worker';

jest.setTimeout(120_000);

// Workers in tests report only warnings and errors; core's own logs only errors.
Runtime.install({
  logger: new DefaultLogger('WARN'),
  telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } },
});

// The native runtime of this test file's module registry would keep the process alive.
afterAll(async () => {
  await Runtime.instance().shutdown();
});
