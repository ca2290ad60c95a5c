import { log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { CASE_SMS_ERRORS, type SendCaseSmsInput, type SendCaseSmsResult } from '@tramites/contracts';
import { CaseSmsParamsError, renderCaseSms, sealSmsBody, smsRecipient } from '@tramites/mail';
import { CaseLanguagesRepository, SmsOutboxRepository } from '@tramites/persistence';
import type { DataSource } from 'typeorm';

export interface QueueCaseSmsDependencies {
  dataSource: DataSource;
  /** Seals the text in the outbox. */
  secret: string;
  /** Where the applicant reschedules or cancels (the reminder's link): "Consultar mi trámite". */
  manageUrl?: string;
}

const nonRetryable = (type: string, message: string): ApplicationFailure => ApplicationFailure.create({ type, message, nonRetryable: true });

/**
 * Renders a case's text message and queues it once per idempotency key in `sms_outbox` (ADR 0029):
 * like the email activity (ADR 0008) it never talks to the gateway, so a worker killed at any point
 * neither loses nor doubles a message. The number and the text never reach a log line.
 */
export function makeQueueCaseSms(deps: QueueCaseSmsDependencies) {
  const outbox = new SmsOutboxRepository(deps.dataSource);
  const languages = new CaseLanguagesRepository(deps.dataSource);
  return async function queueCaseSms(input: SendCaseSmsInput): Promise<SendCaseSmsResult> {
    const key = input.idempotencyKey;
    if (typeof key !== 'string' || key.trim() === '' || key.length > 200)
      throw nonRetryable(CASE_SMS_ERRORS.invalidParams, 'idempotencyKey must be a non-empty string');
    const to = typeof input.to === 'string' ? smsRecipient(input.to) : undefined;
    if (!to) throw nonRetryable(CASE_SMS_ERRORS.invalidRecipient, 'not an Ecuadorian mobile number');
    const params: Record<string, unknown> = { ...input.params };
    if (input.template === 'APPOINTMENT_REMINDER' && deps.manageUrl && params['manageUrl'] === undefined) params['manageUrl'] = deps.manageUrl;
    let text: string;
    try {
      text = renderCaseSms(input.template, params, await languages.of(input.caseId));
    } catch (err) {
      if (err instanceof CaseSmsParamsError) throw nonRetryable(CASE_SMS_ERRORS.invalidParams, err.message);
      throw err;
    }
    const row = await outbox.queue({
      idempotencyKey: key,
      caseId: input.caseId,
      recipient: to,
      template: input.template,
      bodySealed: sealSmsBody(deps.secret, key, text),
    });
    if (!row.matches) throw nonRetryable(CASE_SMS_ERRORS.invalidParams, `idempotency key ${key} already belongs to another message`);
    if (row.status === 'sent') return { status: 'already_sent' };
    if (row.status === 'failed') return { status: 'already_failed' };
    log.info('case sms queued', { caseId: input.caseId, template: input.template, idempotencyKey: key });
    return { status: 'queued' };
  };
}
