/**
 * Case emails (ADR 0008, ADR 0020): the templates in Spanish and English (ADR 0031), the sealed outbox body, the SMTP
 * transport and the dispatcher that sends the outbox. The worker's email activity renders and
 * queues with it; apps/mailer sends with it. The outbox SQL is libs/persistence's.
 */
export {
  CaseEmailParamsError,
  escapeHtml,
  formatCalendarDate,
  formatGuayaquilDateTime,
  renderCaseEmail,
  type CaseNotice,
  type MailLocale,
  type RenderOptions,
  type RenderedCaseEmail,
} from './email-templates';
export { englishProcedureName } from './procedure-names';
export { openEmailBody, sealEmailBody, type EmailBody } from './sealed-body';
export {
  DEFAULT_MAIL_FROM,
  SMTP_TIMEOUTS_MS,
  createSmtpTransport,
  isValidEmailAddress,
  smtpConfigFromEnv,
  type EmailTransport,
  type OutgoingEmail,
  type SentEmail,
  type SmtpConfig,
} from './smtp-transport';
export { EMAIL_DISPATCH_DEFAULTS, EmailDispatcher, classifySendError, retryDelayMs, type EmailDispatcherOptions, type SendRefusal } from './email-dispatcher';
export { caseEmailMessageId } from './message-id';
export { CaseSmsParamsError, renderCaseSms } from './sms-templates';
export { openSmsBody, sealSmsBody } from './sms-body';
export { SmsSendError, createHttpSmsTransport, smsConfigFromEnv, smsRecipient, type OutgoingSms, type SmsConfig, type SmsTransport } from './sms-transport';
export { SMS_DISPATCH_DEFAULTS, SmsDispatcher, type SmsDispatcherOptions } from './sms-dispatcher';
