import 'reflect-metadata';
import { tracing } from './tracing-first';
import path from 'node:path';
import { DEVELOPMENT_SECRET, assertDatabaseReachable, runMain } from '@tramites/infra';
import { EmailDispatcher, SmsDispatcher, createHttpSmsTransport, createSmtpTransport } from '@tramites/mail';
import { createDataSource, createFileBlobStore } from '@tramites/persistence';
import {
  createMetricsRegistry,
  metricsPort,
  opsServerLine,
  registerPoolMetrics,
  startOpsServer,
  type PoolFigures,
  type RunningOpsServer,
} from '@tramites/observability';
import { loadMailerConfig } from './mailer.config';
import { sendCounter, tracedTransport } from './telemetry';

/** The mail dispatcher: sends the emails the workflows queued in email_outbox (ADR 0008), and the SMS of sms_outbox (ADR 0029). */
runMain('mailer', async () => {
  const config = loadMailerConfig();
  await assertDatabaseReachable(config.DATABASE_URL);
  // Metrics on the operations endpoint (METRICS_PORT, ADR 0032): sends by outcome, the pool, the process.
  const opsPort = metricsPort();
  const registry = opsPort === undefined ? undefined : createMetricsRegistry();
  const countSend = registry ? sendCounter(registry) : () => undefined;
  const say = (level: string, msg: string, fields: Record<string, unknown> = {}): void => {
    process.stdout.write(`${JSON.stringify({ level, msg, ...fields })}\n`);
  };
  if (!config.TRAMITES_SECRET) say('warn', 'TRAMITES_SECRET is not set: using the development secret');

  const dataSource = createDataSource({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE, applicationName: 'tramites-mailer' });
  await dataSource.initialize();
  const transport = tracedTransport(createSmtpTransport(config.smtp));
  const blobs = createFileBlobStore(path.resolve(config.BLOB_DIR));
  const dispatcher = new EmailDispatcher({
    dataSource,
    transport,
    secret: config.TRAMITES_SECRET ?? DEVELOPMENT_SECRET,
    loadAttachment: (sha) => blobs.get(sha),
    concurrency: config.MAILER_CONCURRENCY,
    pollIntervalMs: config.MAILER_POLL_INTERVAL_MS,
    retryInitialMs: config.MAILER_RETRY_INITIAL_MS,
    retryMaxMs: config.MAILER_RETRY_MAX_MS,
    log: (level, msg, fields) => {
      countSend(msg);
      if (level !== 'info' || process.env.LOG_LEVEL !== 'warn') say(level, msg, fields);
    },
  });
  dispatcher.start();
  // Text messages through the SMS gateway (ADR 0029), with the same guarantees as the emails.
  const sms = config.sms
    ? new SmsDispatcher({
        dataSource,
        transport: createHttpSmsTransport(config.sms),
        secret: config.TRAMITES_SECRET ?? DEVELOPMENT_SECRET,
        pollIntervalMs: config.MAILER_POLL_INTERVAL_MS,
        retryInitialMs: config.MAILER_RETRY_INITIAL_MS,
        retryMaxMs: config.MAILER_RETRY_MAX_MS,
        log: (level, msg, fields) => {
          countSend(msg);
          if (level !== 'info' || process.env.LOG_LEVEL !== 'warn') say(level, msg, fields);
        },
      })
    : undefined;
  sms?.start();
  if (!sms) say('warn', 'SMS_API_URL is not set: text messages wait in sms_outbox');
  say('info', 'mailer started', {
    smtp: `${config.smtp.host}:${config.smtp.port}`,
    concurrency: config.MAILER_CONCURRENCY,
    sms: config.sms ? new URL(config.sms.baseUrl).host : 'off',
  });

  let ops: RunningOpsServer | undefined;
  if (registry && opsPort !== undefined) {
    registerPoolMetrics(registry, () => (dataSource.driver as unknown as { master?: PoolFigures }).master);
    ops = await startOpsServer({ port: opsPort, metrics: () => registry.metrics(), ready: () => dataSource.isInitialized });
    process.stdout.write(`${opsServerLine('mailer', ops.port)}\n`);
  }

  // SIGTERM/SIGINT: finish the emails being sent, then exit.
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await Promise.all([dispatcher.stop(), sms?.stop()]);
  // Nothing may keep the stopping process alive: the scrapers' keep-alive connections included.
  await ops?.close();
  transport.close();
  await dataSource.destroy();
  await tracing?.shutdown();
});
