import { log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { CASE_EMAIL_ERRORS, type CaseEmailAttachment, type SendCaseEmailInput, type SendCaseEmailResult } from '@tramites/contracts';
import {
  CaseEmailParamsError,
  caseEmailMessageId,
  isValidEmailAddress,
  renderCaseEmail,
  sealEmailBody,
  type CaseNotice,
  type RenderedCaseEmail,
} from '@tramites/mail';
import { CaseLanguagesRepository, EmailOutboxRepository, type CaseNoticeContext } from '@tramites/persistence';
import type { DataSource } from 'typeorm';

export interface SendCaseEmailDependencies {
  dataSource: DataSource;
  /** Seals the body in the outbox (it may carry a code or a single-use link). */
  secret: string;
  /** Whether the document store holds a file (uploads, issued PDFs). Needed only for emails with attachments. */
  attachmentExists?: (sha256: string) => Promise<boolean>;
  /** Where the applicant reschedules or cancels ("Consultar mi trámite"): the reminder's link (ADR 0029), and every email's way to follow the case. */
  manageUrl?: string;
}

/**
 * What the email adds from the read model (ADR 0031): where to follow the case and where the observed
 * documents are corrected: 004 filed online (no agency) uploads them again; every other case brings
 * them to its agency's window, without a new turno (the window records the corrected documents).
 */
export function caseNotice(context: CaseNoticeContext, deps: Pick<SendCaseEmailDependencies, 'manageUrl'>): CaseNotice {
  const virtual = context.procedure === 'EMPLOYER_PORTAL_PASSWORD' && !context.agencyId;
  return {
    ...(deps.manageUrl ? { followUrl: deps.manageUrl } : {}),
    ...(context.procedure ? { correctAt: virtual ? 'virtual' : 'agency' } : {}),
    ...(context.agencyName ? { agencyName: context.agencyName } : {}),
    // No link to the Ventanilla Virtual's documents page (`correctUrl`): it opens only in the session that filed the case and
    // would offer anyone else a new case; the email links «Consultar mi trámite» until the web reopens a 004 case from a link.
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const MAX_KEY_LENGTH = 200;

const nonRetryable = (type: string, message: string, cause?: Error): ApplicationFailure =>
  ApplicationFailure.create({ type, message, nonRetryable: true, cause });

/**
 * Renders a case email in the case's language (Spanish, or English) and queues it once per idempotency key in `email_outbox`.
 *
 * The activity never talks to the mail server: the mail dispatcher, a process of its own,
 * sends the row (ADR 0008). A worker killed at any point therefore cannot send an email
 * twice: a retry finds the row and queues nothing new. The body is stored sealed with the
 * server secret (it may carry a code) and erased once sent; the subject stays for auditors.
 */
export function makeSendCaseEmail(deps: SendCaseEmailDependencies) {
  const outbox = new EmailOutboxRepository(deps.dataSource);
  const languages = new CaseLanguagesRepository(deps.dataSource);

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
    // The case's language and channel, from the read model: never from the workflow's payloads (ADR 0031).
    const context = await languages.noticeContext(input.caseId);
    const options = { locale: context.locale, notice: caseNotice(context, deps) };
    let rendered: RenderedCaseEmail;
    try {
      const reminder = input.template === 'APPOINTMENT_REMINDER' && deps.manageUrl && input.params.manageUrl === undefined;
      rendered = reminder
        ? renderCaseEmail(input.template, { ...input.params, manageUrl: deps.manageUrl }, options)
        : renderCaseEmail(input.template, input.params, options);
    } catch (err) {
      if (err instanceof CaseEmailParamsError) throw nonRetryable(CASE_EMAIL_ERRORS.invalidParams, err.message, err);
      throw err;
    }
    const attachments = await checkAttachments(input.attachments);
    const messageId = caseEmailMessageId(key);
    const sealed = sealEmailBody(deps.secret, key, { text: rendered.text, html: rendered.html });

    const row = await outbox.queue({
      idempotencyKey: key,
      caseId: input.caseId,
      recipient: to,
      template: input.template,
      subject: rendered.subject,
      messageId,
      bodySealed: sealed,
      attachments,
    });
    if (!row.matches) {
      throw nonRetryable(
        CASE_EMAIL_ERRORS.idempotencyConflict,
        `idempotency key ${key} already belongs to another email (${row.template}, another recipient or template)`,
      );
    }
    if (row.status === 'sent') return { status: 'already_sent', messageId: row.messageId };
    if (row.status === 'failed') return { status: 'already_failed', messageId: row.messageId };
    log.info('case email queued', { caseId: input.caseId, template: input.template, idempotencyKey: key, messageId });
    return { status: 'queued', messageId: row.messageId };
  };
}
