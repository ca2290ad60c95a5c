import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MockActivityEnvironment, type TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { makeQueueCaseSms } from '@tramites/activities';
import { caseReference, type CaseView } from '@tramites/contracts';
import { startDevSmsServer, type DevSmsServer } from '@tramites/devenv';
import { whatToBring } from '@tramites/domain';
import { SmsDispatcher, SmsSendError, createHttpSmsTransport, openSmsBody } from '@tramites/mail';
import { SmsOutboxRepository, type AgendaRepository } from '@tramites/persistence';
import { TestRows } from '@tramites/testing/rows';
import {
  CaseDriver,
  TEST_SECRET,
  createTestDatabase,
  createTestWorker,
  freeSlot,
  openCaseInput,
  recordHistory,
  seedAgency,
  startTestSmtpServer,
  startTimeSkippingServer,
  testActivityDependencies,
  uniqueTaskQueue,
  startAppProcess,
  type AppProcess,
  type TestDatabase,
  type TestSmtpServer,
} from '@tramites/testing';

/**
 * The day before the turno, the applicant's reminder by email and by SMS (to the mobile number the sheets
 * make every applicant give), with the personal list of what to bring; SMS through the outbox and the local
 * gateway (ADR 0029), on the time-skipping server.
 */
describe('agency day: reminders by email and SMS', () => {
  let env: TestWorkflowEnvironment;
  let db: TestDatabase;
  let smtp: TestSmtpServer;
  let gateway: DevSmsServer;
  let worker: Worker;
  let running: Promise<void>;
  let agenda: AgendaRepository;
  let driver: CaseDriver;
  let dispatcher: SmsDispatcher;
  const logLines: string[] = [];
  const gatewayLines: string[] = [];
  const keptDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tramites-sms-'));
  const taskQueue = uniqueTaskQueue('reminders');

  beforeAll(async () => {
    env = await startTimeSkippingServer();
    db = await createTestDatabase('reminders');
    smtp = await startTestSmtpServer();
    // As `npm start` runs it: every message kept as a file, one log line each.
    gateway = await startDevSmsServer({
      accountSid: 'ACtest',
      authToken: 'sms-token-of-the-test',
      dir: keptDir,
      log: (line) => gatewayLines.push(line),
    });
    agenda = await seedAgency(db.dataSource, 3);
    worker = await createTestWorker({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      dependencies: testActivityDependencies({ dataSource: db.dataSource, smtpPort: smtp.port, overrides: { webBaseUrl: 'https://turnos.iess.test' } }),
    });
    running = worker.run();
    driver = new CaseDriver(env.client, taskQueue, smtp);
    dispatcher = new SmsDispatcher({
      dataSource: db.dataSource,
      transport: createHttpSmsTransport({ baseUrl: gateway.url, accountSid: 'ACtest', authToken: 'sms-token-of-the-test', from: 'IESS' }),
      secret: TEST_SECRET,
      pollIntervalMs: 100,
      log: (level, msg, fields) => logLines.push(JSON.stringify({ level, msg, ...fields })),
    });
    dispatcher.start();
  });

  afterAll(async () => {
    await dispatcher.stop();
    worker.shutdown();
    await running;
    await gateway.close();
    await smtp.close();
    await db.drop();
    await env.teardown();
  });

  it('reminds the day before by email and SMS with the list of what to bring and where to reschedule or cancel; the no-show SMS follows', async () => {
    const input = openCaseInput({ procedure: 'FOREIGNER_CODE_EMPLOYMENT', filerRole: 'employer' });
    const handle = await driver.open(input);
    const view = await driver.verifyAndBook(handle, input, await freeSlot(agenda, await env.currentTimeMs(), 2));
    const startsAt = Date.parse(view.appointment?.startsAt ?? '');
    await env.sleep(startsAt - 24 * 3_600_000 + 60_000 - (await env.currentTimeMs()));

    const bring = whatToBring('FOREIGNER_CODE_EMPLOYMENT', 'employer');
    expect(bring.length).toBeGreaterThan(1);
    const email = await smtp.waitForMessage((m) => m.to.includes(input.booker.email) && /recordatorio/i.test(m.subject));
    expect(email.text).toContain('Lo que debe llevar');
    for (const item of bring) expect(email.text).toContain(item);
    expect(email.text).toContain('https://turnos.iess.test/seguir');

    const reference = caseReference(input.caseId);
    const sms = await gateway.waitForMessage((m) => m.body.includes(reference) && /recuerde su turno/.test(m.body));
    expect(sms.to).toBe('+593991234567');
    expect(sms.body).toContain(`Lleve: ${bring.join('; ')}`);
    expect(sms.body).toContain('Reagendar o cancelar: https://turnos.iess.test/seguir');
    expect(sms.body).toMatch(/EN: Reminder/);

    const result: CaseView = await handle.result();
    expect(result.status).toBe('lapsed');
    const lapsed = await gateway.waitForMessage((m) => m.body.includes(reference) && /no registramos su asistencia/.test(m.body));
    expect(lapsed.body).toMatch(/agende un nuevo turno/);
    // The gateway answered before the dispatcher committed: wait for the commit.
    let rows = await new SmsOutboxRepository(db.dataSource).ofCase(input.caseId);
    for (let i = 0; i < 50 && rows.some((r) => r.status !== 'sent'); i += 1) {
      await new Promise((r) => setTimeout(r, 100));
      rows = await new SmsOutboxRepository(db.dataSource).ofCase(input.caseId);
    }
    expect(rows.map((r) => [r.template, r.status, r.bodyErased])).toEqual([
      ['APPOINTMENT_REMINDER', 'sent', true],
      ['CASE_LAPSED', 'sent', true],
    ]);
    expect((await new TestRows(db.dataSource).caseEvents(input.caseId)).map((e) => e.type).slice(-2)).toEqual(['APPOINTMENT_REMINDER_SENT', 'CASE_LAPSED']);
    // Neither the number nor the text in a log line, the dispatcher's or the local gateway's; the gateway kept each message.
    expect(logLines.join('\n')).not.toMatch(/0991234567|593991234567|Lleve/);
    expect(gatewayLines.length).toBeGreaterThanOrEqual(2);
    expect(gatewayLines.join('\n')).not.toMatch(/0991234567|593991234567|Lleve/);
    const files = fs.readdirSync(keptDir).map((f) => fs.readFileSync(path.join(keptDir, f), 'utf8'));
    expect(files.some((f) => f.includes('To: +593991234567') && f.includes('Lleve:'))).toBe(true);
    await recordHistory(handle, '000-sms-reminder-then-no-show');
  });

  it('a crash mid-dispatch (after the gateway accepted, before the commit) neither loses nor doubles the SMS; a retried activity queues it once', async () => {
    await dispatcher.stop();
    const caseId = openCaseInput().caseId;
    const activity = makeQueueCaseSms({ dataSource: db.dataSource, secret: TEST_SECRET });
    const queue = (i: Parameters<typeof activity>[0]) => new MockActivityEnvironment().run(activity, i);
    const input = {
      idempotencyKey: `${caseId}:7:sms`,
      caseId,
      to: '0987654321',
      template: 'CASE_LAPSED' as const,
      params: { reference: caseReference(caseId), agencyName: 'Centro de Atención Universal Quito Norte', startsAt: '2026-12-09T15:00:00.000Z' },
    };
    // The worker killed after the row was committed: the activity's retry queues nothing new.
    expect(await queue(input)).toEqual({ status: 'queued' });
    expect(await queue(input)).toEqual({ status: 'queued' });
    const outbox = new SmsOutboxRepository(db.dataSource);
    expect(await outbox.ofCase(caseId)).toHaveLength(1);

    // The dispatcher killed between the gateway's acceptance and its commit: the claim's transaction rolls back.
    const transport = createHttpSmsTransport({ baseUrl: gateway.url, accountSid: 'ACtest', authToken: 'sms-token-of-the-test', from: 'IESS' });
    await expect(
      outbox.claimNextDue(async (row) => {
        await transport.send({
          to: row.recipient,
          body: openSmsBody(TEST_SECRET, row.idempotencyKey, row.bodySealed ?? Buffer.alloc(0)),
          idempotencyKey: row.idempotencyKey,
        });
        throw new Error('killed before the commit');
      }),
    ).rejects.toThrow('killed before the commit');
    expect((await outbox.ofCase(caseId))[0]?.status).toBe('pending');

    const dropped = gateway.duplicatesDropped();
    const restarted = new SmsDispatcher({ dataSource: db.dataSource, transport, secret: TEST_SECRET, log: () => undefined });
    expect(await restarted.dispatchDue()).toBe(1);
    const [row] = await outbox.ofCase(caseId);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, bodyErased: true });
    expect(gateway.duplicatesDropped()).toBe(dropped + 1);
    const kept = gateway.messages().filter((m) => m.idempotencyKey === input.idempotencyKey);
    expect(kept).toHaveLength(1);
    expect(kept[0]?.to).toBe('+593987654321');
    expect(row?.gatewayId).toBe(kept[0]?.sid);
    expect(await restarted.dispatchDue()).toBe(0);
  });

  it('a gateway that cannot be reached defers the SMS (attempts counted, retried later), never drops it; a refused number is marked failed', async () => {
    const caseId = openCaseInput().caseId;
    const activity = makeQueueCaseSms({ dataSource: db.dataSource, secret: TEST_SECRET });
    const params = { reference: caseReference(caseId), agencyName: 'Centro de Atención Universal Quito Norte', startsAt: '2026-12-09T15:00:00.000Z' };
    await new MockActivityEnvironment().run(activity, {
      idempotencyKey: `${caseId}:3:sms`,
      caseId,
      to: '0991112233',
      template: 'CASE_LAPSED' as const,
      params,
    });
    const outbox = new SmsOutboxRepository(db.dataSource);
    const down = await startDevSmsServer({});
    const unreachable = createHttpSmsTransport({ baseUrl: down.url, accountSid: 'ACtest', authToken: 'x', from: 'IESS' });
    await down.close();
    const lines: string[] = [];
    const offline = new SmsDispatcher({
      dataSource: db.dataSource,
      transport: unreachable,
      secret: TEST_SECRET,
      log: (l, m, f) => lines.push(JSON.stringify({ l, m, ...f })),
    });
    expect(await offline.dispatchDue()).toBe(1);
    expect((await outbox.ofCase(caseId))[0]).toMatchObject({ status: 'pending', attempts: 1, bodyErased: false });
    expect(await offline.dispatchDue()).toBe(0);
    expect(lines.join('\n')).toContain('case sms not sent');
    expect(lines.join('\n')).not.toMatch(/0991112233|593991112233/);

    // A number the gateway refuses for good (400): failed, with the gateway's answer kept for operations.
    const other = openCaseInput().caseId;
    const refusing = { send: async (): Promise<string> => Promise.reject(new SmsSendError('the SMS gateway answered 400 (code 21211)', true, 400)) };
    await new MockActivityEnvironment().run(activity, {
      idempotencyKey: `${other}:3:sms`,
      caseId: other,
      to: '0991112234',
      template: 'CASE_LAPSED' as const,
      params,
    });
    const strict = new SmsDispatcher({ dataSource: db.dataSource, transport: refusing, secret: TEST_SECRET, log: () => undefined });
    await strict.dispatchDue();
    expect((await outbox.ofCase(other))[0]).toMatchObject({ status: 'failed', attempts: 1 });
  });
});

/** The mailer as the process production runs, killed with SIGKILL while it sends the SMS outbox (ADR 0029). */
describe('agency day: the SMS outbox across a killed mailer', () => {
  let db: TestDatabase;
  let gateway: DevSmsServer;
  let mailer: AppProcess | undefined;
  const COUNT = 30;

  beforeAll(async () => {
    db = await createTestDatabase('sms_crash');
    // A gateway that answers 40 ms after it kept a message: the mailer is mostly between the gateway's acceptance and its commit.
    gateway = await startDevSmsServer({ accountSid: 'ACcrash', authToken: 'crash-token', answerDelayMs: 40 });
  });

  afterAll(async () => {
    await mailer?.stop();
    await gateway.close();
    await db.drop();
  });

  it('every SMS queued arrives exactly once, though the mailer is killed mid-dispatch and restarted', async () => {
    const activity = makeQueueCaseSms({ dataSource: db.dataSource, secret: TEST_SECRET });
    const keys: string[] = [];
    for (let i = 0; i < COUNT; i += 1) {
      const caseId = openCaseInput().caseId;
      const input = {
        idempotencyKey: `${caseId}:5:sms`,
        caseId,
        to: '0991234567',
        template: 'CASE_LAPSED' as const,
        params: { reference: caseReference(caseId), agencyName: 'Centro de Atención Universal Quito Norte', startsAt: '2026-12-09T15:00:00.000Z' },
      };
      await new MockActivityEnvironment().run(activity, input);
      keys.push(input.idempotencyKey);
    }
    mailer = await startAppProcess(
      'mailer',
      {
        DATABASE_URL: db.url,
        TRAMITES_SECRET: TEST_SECRET,
        NODE_ENV: 'test',
        SMS_API_URL: gateway.url,
        SMS_ACCOUNT_SID: 'ACcrash',
        SMS_AUTH_TOKEN: 'crash-token',
      },
      /mailer started/,
    );
    await gateway.waitForMessage(() => gateway.messages().length >= 5, 30_000);
    await mailer.crash();
    const keptBeforeRestart = gateway.messages().length;
    expect(keptBeforeRestart).toBeLessThan(COUNT);
    mailer = await mailer.restart();
    const outbox = new SmsOutboxRepository(db.dataSource);
    const sentAll = async (): Promise<boolean> => {
      const states = await Promise.all(keys.map(async (k) => (await outbox.ofCase(k.slice(0, 36)))[0]?.status));
      return states.every((s) => s === 'sent');
    };
    for (let i = 0; i < 150 && !(await sentAll()); i += 1) await new Promise((r) => setTimeout(r, 200));
    expect(await sentAll()).toBe(true);
    // Each key kept once by the gateway; the message the killed mailer had sent without committing came again and was dropped.
    const kept = gateway.messages();
    expect(kept).toHaveLength(COUNT);
    expect(new Set(kept.map((m) => m.idempotencyKey))).toEqual(new Set(keys));
    expect(gateway.duplicatesDropped()).toBeGreaterThanOrEqual(1);
    expect(mailer.output()).not.toMatch(/0991234567|593991234567/);
  });
});
