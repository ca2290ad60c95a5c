import { createHash } from 'node:crypto';
import { log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import {
  CASE_EMAIL_ERRORS,
  type CaseEmailAttachment,
  type SendCaseEmailInput,
  type SendCaseEmailResult,
} from '@tramites/contracts';
import type { DataSource } from 'typeorm';
import { CaseEmailParamsError, renderCaseEmail, type RenderedCaseEmail } from './email-templates';
import { sealEmailBody } from './sealed-body';
import { isValidEmailAddress } from './smtp-transport';

export interface SendCaseEmailDependencies {
  dataSource: DataSource;
  /** Seals the body in the outbox (it may carry a code or a single-use link). */
  secret: string;
  /** Whether the document store holds a file (uploads, issued PDFs). Needed only for emails with attachments. */
  attachmentExists?: (sha256: string) => Promise<boolean>;
}

/** The Message-ID of the email of an idempotency key: the same on every retry, so receivers can drop duplicates. */
export function caseEmailMessageId(idempotencyKey: string): string {
  return `<${createHash('sha256').update(idempotencyKey, 'utf8').digest('hex')}@tramites.iess>`;
}

/** The channel the mail dispatcher LISTENs on; a NOTIFY wakes it when an email is queued. */
export const EMAIL_OUTBOX_CHANNEL = 'email_outbox';

interface OutboxRow {
  status: 'pending' | 'sent' | 'failed';
  message_id: string;
  recipient: string;
  template: string;
  sealed: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const MAX_KEY_LENGTH = 200;

const nonRetryable = (type: string, message: string, cause?: Error): ApplicationFailure =>
  ApplicationFailure.create({ type, message, nonRetryable: true, cause });

/**
 * Renders a case email in Spanish and queues it once per idempotency key in `email_outbox`.
 *
 * The activity never talks to the mail server: the mail dispatcher, a process of its own,
 * sends the row (ADR 0008). A worker killed at any point therefore cannot send an email
 * twice: a retry finds the row and queues nothing new. The body is stored sealed with the
 * server secret (it may carry a code) and erased once sent; the subject stays for auditors.
 */
export function makeSendCaseEmail(deps: SendCaseEmailDependencies) {
  const { dataSource } = deps;

  async function checkAttachments(list: CaseEmailAttachment[] | undefined): Promise<CaseEmailAttachment[]> {
    if (!list || list.length === 0) return [];
    const exists = deps.attachmentExists;
    if (!exists) {
      throw nonRetryable(CASE_EMAIL_ERRORS.invalidAttachment, 'this worker was set up without an attachment store');
    }
    for (const a of list) {
      if (!SHA256_HEX.test(a.sha256) || !a.filename?.trim() || /[\r\n]/.test(a.filename) || !a.contentType?.includes('/')) {
        throw nonRetryable(CASE_EMAIL_ERRORS.invalidAttachment, `attachment ${JSON.stringify(a.filename)} is malformed`);
      }
      if (!(await exists(a.sha256))) {
        // A storage outage throws above and is retried; a file that is not there is a bug of the caller.
        throw nonRetryable(CASE_EMAIL_ERRORS.invalidAttachment, `attachment ${a.filename}: no stored file with sha256 ${a.sha256}`);
      }
    }
    return list.map(({ filename, sha256, contentType }) => ({ filename, sha256, contentType }));
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
    const attachments = await checkAttachments(input.attachments);
    const messageId = caseEmailMessageId(key);
    const sealed = sealEmailBody(deps.secret, key, { text: rendered.text, html: rendered.html });

    const row = await dataSource.transaction(async (tx): Promise<OutboxRow> => {
      await tx.query(
        `INSERT INTO email_outbox (idempotency_key, case_id, recipient, template, subject, status, message_id, attempts, body_sealed, attachments)
         VALUES ($1, $2, $3, $4, $5, 'pending', $6, 0, $7, $8)
         ON CONFLICT (idempotency_key) DO NOTHING`,
        [key, input.caseId, to, input.template, rendered.subject, messageId, sealed, JSON.stringify(attachments)],
      );
      const rows: OutboxRow[] = await tx.query(
        `SELECT status, message_id, recipient, template, body_sealed IS NOT NULL AS sealed FROM email_outbox WHERE idempotency_key = $1`,
        [key],
      );
      const found = rows[0];
      if (!found) throw new Error(`email_outbox row ${key} vanished`);
      if (found.recipient !== to || found.template !== input.template) {
        throw nonRetryable(
          CASE_EMAIL_ERRORS.idempotencyConflict,
          `idempotency key ${key} already belongs to another email (${found.template}, another recipient or template)`,
        );
      }
      if (found.status === 'pending' && !found.sealed) {
        // Queued by a worker of the version that sent inline, which stored no body: give it one.
        await tx.query(`UPDATE email_outbox SET body_sealed = $2, attachments = $3 WHERE idempotency_key = $1 AND body_sealed IS NULL`, [
          key,
          sealed,
          JSON.stringify(attachments),
        ]);
      }
      // Delivered at commit: wakes the dispatcher at once instead of at its next poll.
      if (found.status === 'pending') await tx.query('SELECT pg_notify($1, $2)', [EMAIL_OUTBOX_CHANNEL, key]);
      return found;
    });

    if (row.status === 'sent') return { status: 'already_sent', messageId: row.message_id };
    if (row.status === 'failed') return { status: 'already_failed', messageId: row.message_id };
    log.info('case email queued', { caseId: input.caseId, template: input.template, idempotencyKey: key, messageId });
    return { status: 'queued', messageId: row.message_id };
  };
}
