import { createHash } from 'node:crypto';
import { log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import {
  CASE_EMAIL_ERRORS,
  type CaseEmailAttachment,
  type SendCaseEmailInput,
  type SendCaseEmailResult,
} from '@tramites/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { CaseEmailParamsError, renderCaseEmail, type RenderedCaseEmail } from './email-templates';
import { isValidEmailAddress, type EmailTransport, type OutgoingEmail } from './smtp-transport';

export interface SendCaseEmailDependencies {
  dataSource: DataSource;
  transport: EmailTransport;
  /** Bytes of a content-addressed file (uploads, issued PDFs). Needed only for emails with attachments. */
  loadAttachment?: (sha256: string) => Promise<Uint8Array>;
}

/** The Message-ID of the email of an idempotency key: the same on every retry, so receivers can drop duplicates. */
export function caseEmailMessageId(idempotencyKey: string): string {
  return `<${createHash('sha256').update(idempotencyKey, 'utf8').digest('hex')}@tramites.iess>`;
}

interface OutboxRow {
  status: 'pending' | 'sent';
  message_id: string;
  recipient: string;
  template: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const MAX_KEY_LENGTH = 200;
const MAX_ERROR_LENGTH = 500;

const nonRetryable = (type: string, message: string, cause?: Error): ApplicationFailure =>
  ApplicationFailure.create({ type, message, nonRetryable: true, cause });

/** The fields nodemailer sets on its errors (see NodemailerError). */
interface SmtpError extends Error {
  code?: string;
  command?: string;
  responseCode?: number;
  permanent?: boolean;
}

/**
 * Permanent refusals of the recipient or of the message are not retried; everything else
 * (server unreachable, timeouts, 4xx deferrals, authentication or sender set-up) is,
 * because it can heal or be fixed by configuration while Temporal keeps retrying.
 */
function failureOf(err: unknown, template: string): ApplicationFailure {
  const e = (err instanceof Error ? err : new Error(String(err))) as SmtpError;
  const reply = e.responseCode ? ` (SMTP ${e.responseCode})` : '';
  if (e.code === 'EENVELOPE' && e.command === 'RCPT TO' && e.permanent === true) {
    return nonRetryable(CASE_EMAIL_ERRORS.invalidRecipient, `the mail server refused the recipient${reply}: ${e.message}`, e);
  }
  const isSetup = e.code === 'EAUTH' || e.code === 'ENOAUTH' || e.command === 'MAIL FROM';
  if (e.permanent === true && !isSetup) {
    return nonRetryable(CASE_EMAIL_ERRORS.rejected, `the mail server refused the ${template} email${reply}: ${e.message}`, e);
  }
  return ApplicationFailure.create({
    type: CASE_EMAIL_ERRORS.smtpUnavailable,
    message: `could not send the ${template} email${reply}: ${e.message}`,
    nonRetryable: false,
    cause: e,
  });
}

/**
 * Renders a case email in Spanish and sends it at most once per idempotency key.
 *
 * The `email_outbox` row of the key is locked while sending, so concurrent attempts with
 * the same key send one email. It stores the subject, never the body: bodies may carry
 * codes (VERIFICATION_CODE). If the worker dies between the SMTP reply and the commit, the
 * retry sends again with the same Message-ID, which receiving servers use to drop the copy.
 */
export function makeSendCaseEmail(deps: SendCaseEmailDependencies) {
  const { dataSource, transport } = deps;

  async function loadAttachments(list: CaseEmailAttachment[] | undefined): Promise<NonNullable<OutgoingEmail['attachments']>> {
    if (!list || list.length === 0) return [];
    const load = deps.loadAttachment;
    if (!load) {
      throw nonRetryable(CASE_EMAIL_ERRORS.invalidAttachment, 'this worker was set up without an attachment store (loadAttachment)');
    }
    return Promise.all(
      list.map(async (a) => {
        if (!SHA256_HEX.test(a.sha256) || !a.filename?.trim() || /[\r\n]/.test(a.filename) || !a.contentType?.includes('/')) {
          throw nonRetryable(CASE_EMAIL_ERRORS.invalidAttachment, `attachment ${JSON.stringify(a.filename)} is malformed`);
        }
        const content = await load(a.sha256); // a storage outage throws and is retried
        const actual = createHash('sha256').update(content).digest('hex');
        if (actual !== a.sha256) {
          throw nonRetryable(CASE_EMAIL_ERRORS.invalidAttachment, `attachment ${a.filename}: content does not match sha256 ${a.sha256}`);
        }
        return { filename: a.filename, contentType: a.contentType, content };
      }),
    );
  }

  function checkSameEmail(row: OutboxRow, input: SendCaseEmailInput, to: string): void {
    if (row.recipient !== to || row.template !== input.template) {
      throw nonRetryable(
        CASE_EMAIL_ERRORS.idempotencyConflict,
        `idempotency key ${input.idempotencyKey} already belongs to another email (${row.template}, another recipient or template)`,
      );
    }
  }

  async function findRow(q: DataSource | EntityManager, key: string, lock: boolean): Promise<OutboxRow | undefined> {
    const rows: OutboxRow[] = await q.query(
      `SELECT status, message_id, recipient, template FROM email_outbox WHERE idempotency_key = $1${lock ? ' FOR UPDATE' : ''}`,
      [key],
    );
    return rows[0];
  }

  return async function sendCaseEmail(input: SendCaseEmailInput): Promise<SendCaseEmailResult> {
    const key = input.idempotencyKey;
    if (typeof key !== 'string' || key.trim() === '' || key.length > MAX_KEY_LENGTH) {
      throw nonRetryable(CASE_EMAIL_ERRORS.invalidParams, `idempotencyKey must be a non-empty string of at most ${MAX_KEY_LENGTH} characters`);
    }
    if (typeof input.caseId !== 'string' || !UUID.test(input.caseId)) {
      throw nonRetryable(CASE_EMAIL_ERRORS.invalidParams, `caseId must be a UUID (got ${JSON.stringify(input.caseId)})`);
    }
    const to = typeof input.to === 'string' ? input.to.trim() : '';
    if (!isValidEmailAddress(to)) {
      throw nonRetryable(CASE_EMAIL_ERRORS.invalidRecipient, `not a valid email address: ${JSON.stringify(input.to)}`);
    }
    let rendered: RenderedCaseEmail;
    try {
      rendered = renderCaseEmail(input.template, input.params);
    } catch (err) {
      if (err instanceof CaseEmailParamsError) throw nonRetryable(CASE_EMAIL_ERRORS.invalidParams, err.message, err);
      throw err;
    }
    const messageId = caseEmailMessageId(key);

    // Cheap check first: a retry after success neither loads attachments nor locks anything.
    const known = await findRow(dataSource, key, false);
    if (known) {
      checkSameEmail(known, input, to);
      if (known.status === 'sent') return { status: 'already_sent', messageId: known.message_id };
    }
    const attachments = await loadAttachments(input.attachments);

    type Outcome = { result: SendCaseEmailResult; failure?: never } | { failure: ApplicationFailure; result?: never };
    const outcome = await dataSource.transaction(async (tx): Promise<Outcome> => {
      await tx.query(
        `INSERT INTO email_outbox (idempotency_key, case_id, recipient, template, subject, status, message_id, attempts)
         VALUES ($1, $2, $3, $4, $5, 'pending', $6, 0)
         ON CONFLICT (idempotency_key) DO NOTHING`,
        [key, input.caseId, to, input.template, rendered.subject, messageId],
      );
      // Waits for a concurrent attempt with the same key to finish, then sees its outcome.
      const row = await findRow(tx, key, true);
      if (!row) throw new Error(`email_outbox row ${key} vanished`);
      checkSameEmail(row, input, to);
      if (row.status === 'sent') return { result: { status: 'already_sent', messageId: row.message_id } };

      await tx.query('UPDATE email_outbox SET attempts = attempts + 1 WHERE idempotency_key = $1', [key]);
      try {
        await transport.send({ to, subject: rendered.subject, text: rendered.text, html: rendered.html, messageId: row.message_id, attachments });
      } catch (err) {
        const failure = failureOf(err, input.template);
        await tx.query('UPDATE email_outbox SET last_error = $2 WHERE idempotency_key = $1', [key, failure.message.slice(0, MAX_ERROR_LENGTH)]);
        return { failure }; // commit the attempt count and the error, then fail
      }
      await tx.query(
        `UPDATE email_outbox SET status = 'sent', sent_at = now(), last_error = NULL WHERE idempotency_key = $1`,
        [key],
      );
      return { result: { status: 'sent', messageId: row.message_id } };
    });

    if (outcome.failure) {
      log.warn('case email not sent', {
        caseId: input.caseId,
        template: input.template,
        idempotencyKey: key,
        errorType: outcome.failure.type,
        retryable: !outcome.failure.nonRetryable,
      });
      throw outcome.failure;
    }
    if (outcome.result.status === 'sent') {
      log.info('case email sent', { caseId: input.caseId, template: input.template, idempotencyKey: key, messageId });
    }
    return outcome.result;
  };
}
