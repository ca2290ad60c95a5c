import { createHash } from 'node:crypto';
import net from 'node:net';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { SendCaseEmailInput, SendCaseEmailResult } from '@tramites/contracts';
import { createTestDatabase, startTestSmtpServer, type TestDatabase, type TestSmtpServer } from '@tramites/testing';
import { caseEmailMessageId, createSmtpTransport, makeSendCaseEmail, type EmailTransport } from '@tramites/activities';

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

interface OutboxRow {
  recipient: string;
  template: string;
  subject: string;
  status: string;
  message_id: string;
  attempts: number;
  last_error: string | null;
  sent_at: Date | null;
}

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

describe('sendCaseEmail activity (real PostgreSQL, real SMTP server)', () => {
  let db: TestDatabase;
  let smtp: TestSmtpServer;
  let transport: EmailTransport;
  const mockEnv = new MockActivityEnvironment();
  /** Runs the activity as Temporal would (activity context, heartbeats, cancellation). */
  const env = {
    run: (send: ReturnType<typeof makeSendCaseEmail>, input: SendCaseEmailInput): Promise<SendCaseEmailResult> =>
      mockEnv.run(send, input),
  };

  const row = async (key: string): Promise<OutboxRow | undefined> => {
    const rows: OutboxRow[] = await db.dataSource.query(
      'SELECT recipient, template, subject, status, message_id, attempts, last_error, sent_at FROM email_outbox WHERE idempotency_key = $1',
      [key],
    );
    return rows[0];
  };

  beforeAll(async () => {
    db = await createTestDatabase('send_case_email');
    smtp = await startTestSmtpServer({ rejectRecipient: (a) => a.startsWith('no-existe@') });
    transport = createSmtpTransport({ host: smtp.host, port: smtp.port, secure: false, from: FROM });
  });

  afterAll(async () => {
    transport?.close();
    await smtp?.close();
    await db?.drop();
  });

  beforeEach(() => smtp.clear());

  it('delivers a Spanish email with a Message-ID derived from the key, and records it as sent', async () => {
    const send = makeSendCaseEmail({ dataSource: db.dataSource, transport });
    const input = confirmed(1);

    const result = await env.run(send, input);

    expect(result).toEqual({ status: 'sent', messageId: caseEmailMessageId(input.idempotencyKey) });
    expect(result.messageId).toBe(`<${createHash('sha256').update(`${caseId}:1`).digest('hex')}@tramites.iess>`);
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
    });
  });

  it('answers already_sent to a retry with the same key, and sends nothing', async () => {
    const spy = counting(transport);
    const send = makeSendCaseEmail({ dataSource: db.dataSource, transport: spy });
    const input = confirmed(2);
    const first = await env.run(send, input);
    await smtp.waitForMessage((m) => m.messageId === first.messageId);

    const again = await env.run(send, input);
    const concurrent = await Promise.all([env.run(send, input), env.run(send, input)]);

    expect(again).toEqual({ status: 'already_sent', messageId: first.messageId });
    expect(concurrent).toEqual([again, again]);
    expect(spy.sends).toBe(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.messages().filter((m) => m.messageId === first.messageId)).toHaveLength(1);
    expect((await row(input.idempotencyKey))?.attempts).toBe(1);
  });

  it('sends one email when attempts with the same key race each other', async () => {
    const spy = counting(transport);
    const send = makeSendCaseEmail({ dataSource: db.dataSource, transport: spy });
    const input = confirmed(3);

    const results = await Promise.all([1, 2, 3, 4].map(() => env.run(send, input)));

    expect(results.filter((r) => r.status === 'sent')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'already_sent')).toHaveLength(3);
    expect(spy.sends).toBe(1);
    expect(smtp.messages()).toHaveLength(1);
  });

  it('fails retryably and fast when the SMTP server is unreachable, keeps the row pending, and sends on the retry', async () => {
    const down = createSmtpTransport({ host: '127.0.0.1', port: await closedPort(), secure: false, from: FROM });
    const input = confirmed(4);
    const started = Date.now();
    try {
      const error: unknown = await env.run(makeSendCaseEmail({ dataSource: db.dataSource, transport: down }), input).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(error).toMatchObject({ type: 'EMAIL.SMTP_UNAVAILABLE', nonRetryable: false });
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      down.close();
    }
    expect(await row(input.idempotencyKey)).toMatchObject({ status: 'pending', attempts: 1, sent_at: null, last_error: expect.stringContaining('could not send') });
    expect(smtp.messages()).toHaveLength(0);

    // Temporal retries once the server is back: the same key now sends, on the second attempt.
    const retried = await env.run(makeSendCaseEmail({ dataSource: db.dataSource, transport }), input);
    expect(retried.status).toBe('sent');
    expect(await row(input.idempotencyKey)).toMatchObject({ status: 'sent', attempts: 2, last_error: null });
    expect(smtp.messages()).toHaveLength(1);
  });

  it.each(['ana.perez@', 'ana perez@example.ec', 'ana@example.ec, otro@example.ec', 'ana@example.ec\r\nBcc: otro@example.ec'])(
    'refuses the malformed recipient %j with a non-retryable EMAIL.INVALID_RECIPIENT, before anything is stored or sent',
    async (to) => {
      const input = confirmed(5, to);
      await expect(env.run(makeSendCaseEmail({ dataSource: db.dataSource, transport }), input)).rejects.toMatchObject({
        type: 'EMAIL.INVALID_RECIPIENT',
        nonRetryable: true,
      });
      expect(await row(input.idempotencyKey)).toBeUndefined();
      expect(smtp.messages()).toHaveLength(0);
    },
  );

  it('turns a permanent refusal of the recipient by the server (550) into a non-retryable EMAIL.INVALID_RECIPIENT', async () => {
    const input = confirmed(6, 'no-existe@example.ec');
    await expect(env.run(makeSendCaseEmail({ dataSource: db.dataSource, transport }), input)).rejects.toMatchObject({
      type: 'EMAIL.INVALID_RECIPIENT',
      nonRetryable: true,
      message: expect.stringContaining('SMTP 550'),
    });
    expect(await row(input.idempotencyKey)).toMatchObject({ status: 'pending', attempts: 1 });
    expect(smtp.messages()).toHaveLength(0);
  });

  it('keeps the verification code out of the outbox: only the subject is stored', async () => {
    const input: SendCaseEmailInput = {
      idempotencyKey: `${caseId}:otp:1`,
      caseId,
      to: 'ana.perez@example.ec',
      template: 'VERIFICATION_CODE',
      params: { reference: 'TR-2026-000123', code: '907133', minutesValid: 10 },
    };
    await env.run(makeSendCaseEmail({ dataSource: db.dataSource, transport }), input);

    const email = await smtp.waitForMessage((m) => m.subject === 'Verificar IESS turno online');
    expect(email.text).toContain('907133');
    const [stored] = await db.dataSource.query('SELECT row_to_json(o)::text AS json FROM email_outbox o WHERE idempotency_key = $1', [
      input.idempotencyKey,
    ]);
    expect(stored.json).toContain('Verificar IESS turno online');
    expect(stored.json).not.toContain('907133');
  });

  it('attaches content-addressed files, checking their sha256', async () => {
    const pdf = new TextEncoder().encode('%PDF-1.7\nun certificado de prueba\n%%EOF\n');
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    const store = new Map([[sha256, pdf]]);
    const send = makeSendCaseEmail({
      dataSource: db.dataSource,
      transport,
      loadAttachment: async (sha) => store.get(sha) ?? new Uint8Array([1, 2, 3]),
    });
    const certificate = (seq: number, sha: string): SendCaseEmailInput => ({
      idempotencyKey: `${caseId}:${seq}`,
      caseId,
      to: 'ana.perez@example.ec',
      template: 'CERTIFICATE_ISSUED',
      params: { reference: 'TR-2026-000123', procedureName: 'Certificado de no afiliación', verificationNumber: 'V-112233' },
      attachments: [{ filename: 'certificado-no-afiliacion.pdf', sha256: sha, contentType: 'application/pdf' }],
    });

    await env.run(send, certificate(7, sha256));
    const email = await smtp.waitForMessage((m) => m.subject.startsWith('Su certificado está listo'));
    expect(email.attachments).toEqual([{ filename: 'certificado-no-afiliacion.pdf', contentType: 'application/pdf', size: pdf.byteLength }]);

    await expect(env.run(send, certificate(8, 'f'.repeat(64)))).rejects.toMatchObject({
      type: 'EMAIL.INVALID_ATTACHMENT',
      nonRetryable: true,
    });
    await expect(
      env.run(makeSendCaseEmail({ dataSource: db.dataSource, transport }), certificate(9, sha256)),
    ).rejects.toMatchObject({ type: 'EMAIL.INVALID_ATTACHMENT', nonRetryable: true });
    expect(smtp.messages()).toHaveLength(1);
  });

  it('refuses to reuse an idempotency key for another recipient', async () => {
    const send = makeSendCaseEmail({ dataSource: db.dataSource, transport });
    await env.run(send, confirmed(10));
    await expect(env.run(send, confirmed(10, 'otra.persona@example.ec'))).rejects.toMatchObject({
      type: 'EMAIL.IDEMPOTENCY_CONFLICT',
      nonRetryable: true,
    });
    expect(smtp.messages()).toHaveLength(1);
  });
});
