import { z } from 'zod';
import { EMAIL_DISPATCH_DEFAULTS, smsConfigFromEnv, smtpConfigFromEnv, type SmsConfig, type SmtpConfig } from '@tramites/mail';
import { StartupError, checkDatabaseUrl, parseStartupEnv } from '@tramites/infra';

const positiveInt = z.coerce.number().int().positive();

const schema = z.object({
  DATABASE_URL: z.string({ error: 'DATABASE_URL is required' }).min(1, 'DATABASE_URL is required'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** The secret the workers seal email bodies with; required in production. */
  TRAMITES_SECRET: z.string().min(16, 'TRAMITES_SECRET must have at least 16 characters').optional(),
  /** Where issued PDFs and uploads are stored, content-addressed (attachments). */
  BLOB_DIR: z.string().min(1).default('.data/blobs'),
  MAILER_CONCURRENCY: positiveInt.max(32).default(EMAIL_DISPATCH_DEFAULTS.concurrency),
  MAILER_POLL_INTERVAL_MS: positiveInt.default(EMAIL_DISPATCH_DEFAULTS.pollIntervalMs),
  MAILER_RETRY_INITIAL_MS: positiveInt.default(EMAIL_DISPATCH_DEFAULTS.retryInitialMs),
  MAILER_RETRY_MAX_MS: positiveInt.default(EMAIL_DISPATCH_DEFAULTS.retryMaxMs),
});

export type MailerConfig = z.infer<typeof schema> & { smtp: SmtpConfig; sms?: SmsConfig; DATABASE_POOL_SIZE: number };

/** Validated configuration of the mail dispatcher; a bad value stops start-up with one line naming the variable. */
export function loadMailerConfig(env: NodeJS.ProcessEnv = process.env): MailerConfig {
  const config = parseStartupEnv(schema, env);
  checkDatabaseUrl(config.DATABASE_URL);
  let smtp: SmtpConfig;
  try {
    smtp = smtpConfigFromEnv(env);
  } catch (err) {
    throw new StartupError((err as Error).message);
  }
  if (config.NODE_ENV === 'production' && !config.TRAMITES_SECRET) {
    throw new StartupError('TRAMITES_SECRET must be set in production (the one the workers use)');
  }
  // The SMS gateway (ADR 0029): SMS_API_URL and its account; without it the SMS wait in their outbox.
  const sms = smsConfigFromEnv(env);
  if (sms) {
    try {
      new URL(sms.baseUrl);
    } catch {
      throw new StartupError('SMS_API_URL must be a URL (the SMS gateway, e.g. https://api.twilio.com)');
    }
  }
  if (sms && config.NODE_ENV === 'production' && (sms.accountSid === 'local' || sms.authToken === 'local')) {
    throw new StartupError('SMS_ACCOUNT_SID and SMS_AUTH_TOKEN must be set in production when SMS_API_URL is');
  }
  // One connection per sending loop, one for LISTEN, one for the SMS.
  return { ...config, smtp, ...(sms ? { sms } : {}), DATABASE_POOL_SIZE: config.MAILER_CONCURRENCY + 2 };
}
