import { SmsOutboxRepository, type ClaimedSms, type DueSms } from '@tramites/persistence';
import type { DataSource } from 'typeorm';
import { retryDelayMs } from './email-dispatcher';
import { openSmsBody } from './sms-body';
import { SmsSendError, type SmsTransport } from './sms-transport';

export interface SmsDispatcherOptions {
  dataSource: DataSource;
  transport: SmsTransport;
  /** The secret the bodies were sealed with. */
  secret: string;
  pollIntervalMs?: number;
  retryInitialMs?: number;
  retryMaxMs?: number;
  log?: (level: 'info' | 'warn' | 'error', msg: string, fields: Record<string, unknown>) => void;
}

export const SMS_DISPATCH_DEFAULTS = { pollIntervalMs: 1_000, retryInitialMs: 5_000, retryMaxMs: 600_000 } as const;

/**
 * Sends what was queued in `sms_outbox` (ADR 0029), as the EmailDispatcher does the emails (ADR 0008):
 * one row claimed at a time with `FOR UPDATE SKIP LOCKED`, sent, and committed `sent` in that same
 * transaction; a transient failure is retried with a doubling delay, never given up; a permanent
 * refusal marks the row `failed`. Killed between the gateway's acceptance and the commit, the row is
 * sent again with the same Idempotency-Key, which the gateway uses to drop the second copy. Log lines
 * name the case, the template and the key: never the number nor the text.
 */
export class SmsDispatcher {
  private readonly o: Required<SmsDispatcherOptions>;
  private readonly outbox: SmsOutboxRepository;
  private running = false;
  private loopDone: Promise<void> = Promise.resolve();
  private wake: (() => void) | undefined;

  constructor(options: SmsDispatcherOptions) {
    this.o = {
      ...SMS_DISPATCH_DEFAULTS,
      log: (level, msg, fields) => process.stdout.write(`${JSON.stringify({ level, msg, ...fields })}\n`),
      ...options,
    };
    this.outbox = new SmsOutboxRepository(options.dataSource);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loopDone = this.loop();
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wake?.();
    await this.loopDone;
  }

  /** Sends every row due now; the number handled. For tools and tests. */
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
        this.o.log('warn', 'sms dispatch paused', { error: (err as Error).name });
      }
      if (!handled && this.running) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.o.pollIntervalMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
  }

  private sendNext(): Promise<boolean> {
    return this.outbox.claimNextDue((row, claim) => this.send(row, claim));
  }

  private async send(row: DueSms, claim: ClaimedSms): Promise<void> {
    const fields = { caseId: row.caseId, template: row.template, idempotencyKey: row.idempotencyKey };
    let body: string;
    try {
      if (!row.bodySealed) throw new Error('no body');
      body = openSmsBody(this.o.secret, row.idempotencyKey, row.bodySealed);
    } catch (err) {
      this.o.log('error', 'case sms not prepared', { ...fields, error: (err as Error).message });
      await claim.deferred(`could not open the body: ${(err as Error).message}`, this.delay(row));
      return;
    }
    let gatewayId: string;
    try {
      gatewayId = await this.o.transport.send({ to: row.recipient, body, idempotencyKey: row.idempotencyKey });
    } catch (err) {
      const permanent = err instanceof SmsSendError && err.permanent;
      // The gateway's answer is kept on the row for operations; the log line says only its status.
      const lastError = err instanceof SmsSendError ? err.message : `could not send: ${(err as Error).name}`;
      this.o.log(permanent ? 'error' : 'warn', 'case sms not sent', { ...fields, status: err instanceof SmsSendError ? err.status : undefined, permanent });
      if (permanent) await claim.failed(lastError);
      else await claim.deferred(lastError, this.delay(row));
      return;
    }
    await claim.sent(gatewayId);
    this.o.log('info', 'case sms sent', fields);
  }

  private delay(row: DueSms): number {
    return retryDelayMs(row.attempts + 1, this.o.retryInitialMs, this.o.retryMaxMs);
  }
}
