import { createHash } from 'node:crypto';
import net from 'node:net';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { SendCaseEmailInput, SendCaseEmailResult } from '@tramites/contracts';
import { createTestDatabase, startTestSmtpServer, type TestDatabase, type TestSmtpServer } from '@tramites/testing';
import { makeSendCaseEmail } from '@tramites/activities';
import { TestRows, type OutboxTestRow } from '@tramites/testing/rows';
import { EmailDispatcher, caseEmailMessageId, createSmtpTransport, type EmailTransport } from '@tramites/mail';

const caseId = '33333333-3333-4333-8333-333333333333';
const FROM = 'Trámites IESS <no-responder@iess.gob.ec>';

const confirmed = (seq: number, to = 'ana.perez@example.ec'): SendCaseEmailInput => ({
  idempotencyKey: `${caseId}:${seq}`,
  caseId,
  to,
  template: 'APPOINTMENT_CONFIRMED',
  params: {
    reference: 'TR-2026-000123',
    procedureName: 'Código de identificación para extranjeros',
    agencyName: 'Centro de Atención Universal Quito Norte',
    startsAt: '2026-12-07T14:30:00.000Z',
  },
});

const SECRET = 'test-secret-0123456789abcdef';

/** A loopback port that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Counts the sends that reach the transport. */
function counting(transport: EmailTransport): EmailTransport & { sends: number } {
  const counted = {
    sends: 0,
    from: transport.from,
    send: (email: Parameters<EmailTransport['send']>[0]) => {
      counted.sends += 1;
      return transport.send(email);
    },
    verify: () => transport.verify(),
    close: () => transport.close(),
  };
  return counted;
}

describe('case emails: queued by the activity, sent by the dispatcher (real PostgreSQL, real SMTP server)', () => {
  let db: TestDatabase;
  let smtp: TestSmtpServer;
  let transport: EmailTransport;
  const mockEnv = new MockActivityEnvironment();
  /** Runs the activity as Temporal would (activity context, heartbeats, cancellation). */
  const run = (send: ReturnType<typeof makeSendCaseEmail>, input: SendCaseEmailInput): Promise<SendCaseEmailResult> => mockEnv.run(send, input);
  let send: ReturnType<typeof makeSendCaseEmail>;
  const dispatcher = (over: Partial<ConstructorParameters<typeof EmailDispatcher>[0]> = {}): EmailDispatcher =>
    new EmailDispatcher({ dataSource: db.dataSource, transport, secret: SECRET, log: () => undefined, ...over });

  const row = async (key: string): Promise<OutboxTestRow | undefined> => {
    return new TestRows(db.dataSource).outboxRow(key);
  };

  beforeAll(async () => {
    db = await createTestDatabase('send_case_email');
    smtp = await startTestSmtpServer({ rejectRecipient: (a) => a.startsWith('no-existe@') });
    transport = createSmtpTransport({ host: smtp.host, port: smtp.port, secure: false, from: FROM });
    send = makeSendCaseEmail({ dataSource: db.dataSource, secret: SECRET });
  });

  afterAll(async () => {
    transport?.close();
    await smtp?.close();
    await db?.drop();
  });

  beforeEach(async () => {
    smtp.clear();
    // Each test dispatches only what it queued.
    await new TestRows(db.dataSource).markPendingEmailsSent();
  });

  it('queues a Spanish email sealed in the outbox; the dispatcher sends it with a Message-ID from the key and erases the body', async () => {
    const input = confirmed(1);

    const result = await run(send, input);

    expect(result).toEqual({ status: 'queued', messageId: caseEmailMessageId(input.idempotencyKey) });
    expect(result.messageId).toBe(`<${createHash('sha256').update(`${caseId}:1`).digest('hex')}@tramites.iess>`);
    expect(await row(input.idempotencyKey)).toMatchObject({ status: 'pending', attempts: 0, sealed: true, sent_at: null });
    expect(smtp.messages()).toHaveLength(0); // the activity itself never talks to the mail server

    expect(await dispatcher().dispatchDue()).toBe(1);
    const email = await smtp.waitForMessage((m) => m.to.includes('ana.perez@example.ec'));
    expect(email.subject).toBe('Turno confirmado para el lunes 7 de diciembre de 2026, 09:30 (ref. TR-2026-000123)');
    expect(email.messageId).toBe(result.messageId);
    expect(email.from).toBe('no-responder@iess.gob.ec');
    expect(email.headers['auto-submitted']).toBe('auto-generated');
    expect(email.text).toContain('Agencia: Centro de Atención Universal Quito Norte');
    expect(email.html).toContain('<html lang="es-EC">');
    expect(await row(input.idempotencyKey)).toMatchObject({
      recipient: 'ana.perez@example.ec',
      template: 'APPOINTMENT_CONFIRMED',
      subject: email.subject,
      status: 'sent',
      message_id: result.messageId,
      attempts: 1,
      last_error: null,
      sent_at: expect.any(Date),
      sealed: false,
    });
  });

  it('queues one row per key however often the activity is retried, and answers already_sent once it went out', async () => {
    const input = confirmed(2);
    const first = await Promise.all([1, 2, 3, 4].map(() => run(send, input)));
    expect(first.map((r) => r.status)).toEqual(['queued', 'queued', 'queued', 'queued']);
    expect(await new TestRows(db.dataSource).outboxCountByKey(input.idempotencyKey)).toBe(1);

    await dispatcher().dispatchDue();
    expect(await run(send, input)).toEqual({ status: 'already_sent', messageId: first[0]?.messageId });
    expect(await dispatcher().dispatchDue()).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.messages().filter((m) => m.messageId === first[0]?.messageId)).toHaveLength(1);
  });

  it('sends each queued email once when two dispatchers work side by side', async () => {
    const spy = counting(transport);
    const inputs = Array.from({ length: 12 }, (_, i) => confirmed(100 + i, `persona${i}@example.ec`));
    for (const input of inputs) await run(send, input);

    const handled = await Promise.all([dispatcher({ transport: spy }).dispatchDue(), dispatcher({ transport: spy }).dispatchDue()]);

    expect(handled[0]! + handled[1]!).toBe(12);
    expect(spy.sends).toBe(12);
    await smtp.waitForMessage(() => smtp.messages().length >= 12);
    const ids = smtp.messages().map((m) => m.messageId);
    expect(new Set(ids).size).toBe(12);
    expect(ids).toHaveLength(12);
  });

  it('wakes a running dispatcher with NOTIFY: the email goes out without waiting for the next poll', async () => {
    const running = dispatcher({ pollIntervalMs: 600_000 });
    running.start();
    try {
      await new Promise((r) => setTimeout(r, 300)); // its LISTEN is in place
      const input = confirmed(3);
      const { messageId } = await run(send, input);
      await smtp.waitForMessage((m) => m.messageId === messageId, 10_000);
    } finally {
      await running.stop();
    }
  });

  it('keeps the email pending with a later retry time while the SMTP server is unreachable, and sends it once it is back', async () => {
    const down = createSmtpTransport({ host: '127.0.0.1', port: await closedPort(), secure: false, from: FROM });
    const input = confirmed(4);
    await run(send, input);
    const started = Date.now();
    try {
      expect(await dispatcher({ transport: down, retryInitialMs: 60_000 }).dispatchDue()).toBe(1);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      down.close();
    }
    expect(await row(input.idempotencyKey)).toMatchObject({
      status: 'pending',
      attempts: 1,
      sent_at: null,
      sealed: true,
      last_error: expect.stringMatching(/^EMAIL\.SMTP_UNAVAILABLE: could not send/),
    });
    // Not due yet: a dispatcher with a working server leaves it alone until its retry time.
    expect(await dispatcher().dispatchDue()).toBe(0);
    expect(smtp.messages()).toHaveLength(0);

    await new TestRows(db.dataSource).makeEmailDue(input.idempotencyKey);
    expect(await dispatcher().dispatchDue()).toBe(1);
    expect(await row(input.idempotencyKey)).toMatchObject({ status: 'sent', attempts: 2, last_error: null, sealed: false });
    await smtp.waitForMessage((m) => m.to.includes('ana.perez@example.ec'));
  });

  it.each(['ana.perez@', 'ana perez@example.ec', 'ana@example.ec, otro@example.ec', 'ana@example.ec\r\nBcc: otro@example.ec'])(
    'refuses the malformed recipient %j with a non-retryable EMAIL.INVALID_RECIPIENT, before anything is stored',
    async (to) => {
      const input = confirmed(5, to);
      await expect(run(send, input)).rejects.toMatchObject({ type: 'EMAIL.INVALID_RECIPIENT', nonRetryable: true });
      expect(await row(input.idempotencyKey)).toBeUndefined();
    },
  );

  it('marks the email failed for good when the server refuses the recipient (550), and the activity then answers already_failed', async () => {
    const input = confirmed(6, 'no-existe@example.ec');
    await run(send, input);
    await dispatcher().dispatchDue();
    expect(await row(input.idempotencyKey)).toMatchObject({
      status: 'failed',
      attempts: 1,
      failed_at: expect.any(Date),
      last_error: expect.stringMatching(/^EMAIL\.INVALID_RECIPIENT: .*SMTP 550/),
    });
    expect(await dispatcher().dispatchDue()).toBe(0);
    expect((await run(send, input)).status).toBe('already_failed');
    expect(smtp.messages()).toHaveLength(0);
  });

  it('keeps the verification code unreadable in the outbox before sending, and gone after', async () => {
    const input: SendCaseEmailInput = {
      idempotencyKey: `${caseId}:otp:1`,
      caseId,
      to: 'ana.perez@example.ec',
      template: 'VERIFICATION_CODE',
      params: { reference: 'TR-2026-000123', code: '907133', minutesValid: 10 },
    };
    /** The row as JSON, and the sealed bytes as they are. */
    const stored = async (): Promise<string> => {
      const r = await new TestRows(db.dataSource).outboxRaw(input.idempotencyKey);
      return `${r?.json}${r?.body_sealed?.toString('latin1') ?? ''}`;
    };
    await run(send, input);
    expect(await stored()).toContain('Verificar IESS turno online');
    expect(await stored()).not.toContain('907133');

    await dispatcher().dispatchDue();
    const email = await smtp.waitForMessage((m) => m.subject === 'Verificar IESS turno online');
    expect(email.text).toContain('907133');
    expect(await stored()).not.toContain('907133');
    // A dispatcher with another secret cannot open a body: it keeps the row pending and says why.
    const other = confirmed(11);
    await run(send, other);
    await dispatcher({ secret: 'another-secret-0123456789abcdef' }).dispatchDue();
    expect(await row(other.idempotencyKey)).toMatchObject({ status: 'pending', last_error: expect.stringContaining('could not prepare the email') });
  });

  it('attaches content-addressed files from the store; refuses a file that is not stored, or a worker without a store', async () => {
    const pdf = new TextEncoder().encode('%PDF-1.7\nun certificado de prueba\n%%EOF\n');
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    const store = new Map([[sha256, pdf]]);
    const withStore = makeSendCaseEmail({ dataSource: db.dataSource, secret: SECRET, attachmentExists: async (sha: string) => store.has(sha) });
    const certificate = (seq: number, sha: string): SendCaseEmailInput => ({
      idempotencyKey: `${caseId}:${seq}`,
      caseId,
      to: 'ana.perez@example.ec',
      template: 'CERTIFICATE_ISSUED',
      params: { reference: 'TR-2026-000123', procedureName: 'Certificado de no afiliación', verificationNumber: 'V-112233' },
      attachments: [{ filename: 'certificado-no-afiliacion.pdf', sha256: sha, contentType: 'application/pdf' }],
    });

    await run(withStore, certificate(7, sha256));
    await dispatcher({ loadAttachment: async (sha) => store.get(sha) ?? new Uint8Array() }).dispatchDue();
    const email = await smtp.waitForMessage((m) => m.subject.startsWith('Su certificado está listo'));
    expect(email.attachments).toEqual([{ filename: 'certificado-no-afiliacion.pdf', contentType: 'application/pdf', size: pdf.byteLength }]);

    await expect(run(withStore, certificate(8, 'f'.repeat(64)))).rejects.toMatchObject({ type: 'EMAIL.INVALID_ATTACHMENT', nonRetryable: true });
    await expect(run(send, certificate(9, sha256))).rejects.toMatchObject({ type: 'EMAIL.INVALID_ATTACHMENT', nonRetryable: true });
    expect(await row(`${caseId}:8`)).toBeUndefined();
  });

  it('refuses to reuse an idempotency key for another recipient', async () => {
    await run(send, confirmed(10));
    await expect(run(send, confirmed(10, 'otra.persona@example.ec'))).rejects.toMatchObject({
      type: 'EMAIL.IDEMPOTENCY_CONFLICT',
      nonRetryable: true,
    });
  });
});
