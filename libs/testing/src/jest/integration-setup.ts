import { DefaultLogger, Runtime } from '@temporalio/worker';

jest.setTimeout(120_000);

// Workers in tests report only errors (expected activity failures would drown the output).
Runtime.install({
  logger: new DefaultLogger('ERROR'),
  telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } },
});

// The native runtime of this test file's module registry would keep the process alive.
afterAll(async () => {
  await Runtime.instance().shutdown();
});
