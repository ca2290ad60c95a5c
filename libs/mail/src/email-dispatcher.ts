import { redactPersonalData } from '@tramites/domain';
import { CASE_EMAIL_ERRORS, type CaseEmailAttachment } from '@tramites/contracts';
import { EmailOutboxRepository, type ClaimedEmail, type DueEmail, type OutboxListener } from '@tramites/persistence';
import type { DataSource } from 'typeorm';
import { openEmailBody } from './sealed-body';
import type { EmailTransport, OutgoingEmail } from './smtp-transport';

export interface EmailDispatcherOptions {
  dataSource: DataSource;
  transport: EmailTransport;
  /** The secret the workers sealed the bodies with. */
  secret: string;
  /** Bytes of a content-addressed file (issued PDFs, uploads), re-hashed by the store. */
  loadAttachment?: (sha256: string) => Promise<Uint8Array>;
  /** Emails sent side by side (each holds one database connection while its SMTP exchange lasts). */
  concurrency?: number;
  /** How often due rows are looked for without a NOTIFY (retries, a lost LISTEN connection). */
  pollIntervalMs?: number;
  /** Back-off after a transient failure: initial delay, doubled per attempt up to the maximum. */
  retryInitialMs?: number;
  retryMaxMs?: number;
  log?: (level: 'info' | 'warn' | 'error', msg: string, fields: Record<string, unknown>) => void;
}

export const EMAIL_DISPATCH_DEFAULTS = { concurrency: 2, pollIntervalMs: 1_000, retryInitialMs: 5_000, retryMaxMs: 600_000 } as const;

/** The fields nodemailer sets on its errors. */
interface SmtpError extends Error {
  code?: string;
  command?: string;
  responseCode?: number;
  permanent?: boolean;
}

export interface SendRefusal {
  code: string;
  permanent: boolean;
  message: string;
}

/**
 * Permanent refusals of the recipient or of the message are not retried; everything else
 * (server unreachable, timeouts, 4xx deferrals, authentication or sender set-up) is,
 * because it can heal or be fixed by configuration.
 */
export function classifySendError(err: unknown): SendRefusal {
  const e = (err instanceof Error ? err : new Error(String(err))) as SmtpError;
  const reply = e.responseCode ? ` (SMTP ${e.responseCode})` : '';
  if (e.code === 'EENVELOPE' && e.command === 'RCPT TO' && e.permanent === true) {
    return { code: CASE_EMAIL_ERRORS.invalidRecipient, permanent: true, message: `the mail server refused the recipient${reply}: ${e.message}` };
  }
  const isSetup = e.code === 'EAUTH' || e.code === 'ENOAUTH' || e.command === 'MAIL FROM';
  if (e.permanent === true && !isSetup) {
    return { code: CASE_EMAIL_ERRORS.rejected, permanent: true, message: `the mail server refused the email${reply}: ${e.message}` };
  }
  return { code: CASE_EMAIL_ERRORS.smtpUnavailable, permanent: false, message: `could not send the email${reply}: ${e.message}` };
}

/** Delay before attempt `attempts + 1`, after `attempts` failed ones. */
export function retryDelayMs(attempts: number, initialMs: number, maxMs: number): number {
  return Math.min(maxMs, initialMs * 2 ** Math.max(0, Math.min(attempts - 1, 30)));
}

/** As long as the row's last_error. */
const MAX_LOGGED_ERROR = 500;

/**
 * Sends what the workflows queued in `email_outbox` (ADR 0008). Each row is claimed with
 * `FOR UPDATE SKIP LOCKED` and sent inside that transaction, so several dispatchers share
 * the work and a row is sent by one at a time. A dispatcher killed between the server's
 * acceptance and the commit leaves the row pending: it is sent again with the same
 * Message-ID, the only case of a duplicate, and the receiving server can drop it.
 */
export class EmailDispatcher {
  private readonly o: Required<Omit<EmailDispatcherOptions, 'loadAttachment'>> & Pick<EmailDispatcherOptions, 'loadAttachment'>;
  private running = false;
  private loops: Promise<void>[] = [];
  private wakers = new Set<() => void>();
  private readonly outbox: EmailOutboxRepository;
  private listener: OutboxListener | undefined;
  private relisten: NodeJS.Timeout | undefined;

  constructor(options: EmailDispatcherOptions) {
    this.o = {
      ...EMAIL_DISPATCH_DEFAULTS,
      log: (level, msg, fields) => process.stdout.write(`${JSON.stringify({ level, msg, ...fields })}\n`),
      ...options,
    };
    this.outbox = new EmailOutboxRepository(options.dataSource);
  }

  /** Starts the sending loops and the LISTEN connection. */
  start(): void {
    if (this.running) return;
    this.running = true;
    void this.listen();
    this.loops = Array.from({ length: this.o.concurrency }, () => this.loop());
  }

  /** Stops claiming rows; resolves once the emails being sent are done. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    clearTimeout(this.relisten);
    this.wakeAll();
    await Promise.all(this.loops);
    this.listener?.release(true);
    this.listener = undefined;
  }

  /** Sends every row that is due now, one by one; the number of rows handled. For tools and tests. */
  async dispatchDue(): Promise<number> {
    let handled = 0;
    while (await this.sendNext()) handled += 1;
    return handled;
  }

  private async loop(): Promise<void> {
    while (this.running) {
      let handled = false;
      try {
        handled = await this.sendNext();
      } catch (err) {
        // The database is unreachable: nothing was claimed; try again at the next poll.
        this.o.log('warn', 'email dispatch paused', { error: redactPersonalData((err as Error).message) });
      }
      if (!handled && this.running) await this.idle();
    }
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, this.o.pollIntervalMs);
      this.wakers.add(wake);
    });
  }

  private wakeAll(): void {
    for (const wake of [...this.wakers]) wake();
  }

  /** A connection of its own that LISTENs for queued emails; re-established after a database outage. */
  private async listen(): Promise<void> {
    if (!this.running) return;
    const lost = (client: OutboxListener, err?: Error): void => {
      if (this.listener !== client) return;
      this.listener = undefined;
      client.release(err ?? true);
      if (this.running) this.relisten = setTimeout(() => void this.listen(), this.o.pollIntervalMs);
    };
    try {
      this.listener = await this.outbox.listen(() => this.wakeAll(), lost);
      if (!this.running) lost(this.listener);
    } catch {
      // Polling still finds the rows; LISTEN only makes it immediate.
      if (this.listener === undefined && this.running) this.relisten = setTimeout(() => void this.listen(), this.o.pollIntervalMs);
    }
  }

  /** Claims the oldest due row and sends it; false when none is due. */
  private sendNext(): Promise<boolean> {
    return this.outbox.claimNextDue((row, claim) => this.send(row, claim));
  }

  private async send(row: DueEmail, claim: ClaimedEmail): Promise<void> {
    const fields = { caseId: row.caseId, template: row.template, idempotencyKey: row.idempotencyKey, messageId: row.messageId };
    let email: OutgoingEmail;
    try {
      if (!row.bodySealed) throw new Error('no body yet: it is stored when the worker retries the activity');
      const body = openEmailBody(this.o.secret, row.idempotencyKey, row.bodySealed);
      email = { to: row.recipient, subject: row.subject, ...body, messageId: row.messageId, attachments: await this.attachments(row.attachments) };
    } catch (err) {
      // A store outage, or a secret that does not open the body (configuration): retried later.
      const message = `could not prepare the email: ${(err as Error).message}`;
      this.o.log('error', 'case email not prepared', { ...fields, error: redactPersonalData(message) });
      await claim.deferred(message, this.delay(row));
      return;
    }
    try {
      await this.o.transport.send(email);
    } catch (err) {
      const refusal = classifySendError(err);
      const lastError = `${refusal.code}: ${refusal.message}`;
      // The mail server's reply names the recipient: never in a log line (ADR 0014).
      this.o.log(refusal.permanent ? 'error' : 'warn', 'case email not sent', {
        ...fields,
        error: redactPersonalData(lastError.slice(0, MAX_LOGGED_ERROR)),
        permanent: refusal.permanent,
      });
      if (refusal.permanent) await claim.failed(lastError);
      else await claim.deferred(lastError, this.delay(row));
      return;
    }
    await claim.sent();
    this.o.log('info', 'case email sent', fields);
  }

  private delay(row: DueEmail): number {
    return retryDelayMs(row.attempts + 1, this.o.retryInitialMs, this.o.retryMaxMs);
  }

  private async attachments(list: CaseEmailAttachment[]): Promise<NonNullable<OutgoingEmail['attachments']>> {
    if (list.length === 0) return [];
    const load = this.o.loadAttachment;
    if (!load) throw new Error('this dispatcher has no document store for attachments');
    return Promise.all(list.map(async (a) => ({ filename: a.filename, contentType: a.contentType, content: await load(a.sha256) })));
  }
}
