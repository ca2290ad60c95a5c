import { mobileToE164 } from '@tramites/domain';

/**
 * Text messages leave through the HTTP API shape of the widely used SMS gateways (Twilio's Messages
 * resource: `POST {base}/2010-04-01/Accounts/{account}/Messages.json`, form fields To, From, Body, HTTP
 * Basic authentication with the account and its token; 201 with the message's `sid`). The message's
 * idempotency key travels in the `Idempotency-Key` header, so a gateway (the local one of `npm start`
 * does) drops a message sent twice when the dispatcher was killed between its acceptance and the commit.
 */
export interface SmsConfig {
  /** The gateway's base URL (`http://127.0.0.1:3025` for the local server). */
  baseUrl: string;
  accountSid: string;
  authToken: string;
  /** The sender (a short code or number). */
  from: string;
  timeoutMs?: number;
}

export interface OutgoingSms {
  /** E.164. */
  to: string;
  body: string;
  idempotencyKey: string;
}

export interface SmsTransport {
  /** The gateway's id of the accepted message. Throws SmsSendError on a refusal or an unreachable gateway. */
  send(sms: OutgoingSms): Promise<string>;
}

/** A refusal: `permanent` for the recipient or the message (4xx but 429), transient otherwise. */
export class SmsSendError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'SmsSendError';
  }
}

/** Ecuadorian mobile 09XXXXXXXX (or already +5939XXXXXXXX) in E.164; undefined when it is not one. */
export function smsRecipient(mobile: string): string | undefined {
  const v = mobile.replace(/[\s-]/g, '');
  if (/^\+5939\d{8}$/.test(v)) return v;
  if (/^09\d{8}$/.test(v)) return mobileToE164(v);
  return undefined;
}

export function createHttpSmsTransport(config: SmsConfig): SmsTransport {
  const url = `${config.baseUrl.replace(/\/$/, '')}/2010-04-01/Accounts/${encodeURIComponent(config.accountSid)}/Messages.json`;
  const auth = `Basic ${Buffer.from(`${config.accountSid}:${config.authToken}`).toString('base64')}`;
  return {
    async send(sms) {
      let res: Response;
      try {
        res = await fetch(url, {
          method: 'POST',
          headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': sms.idempotencyKey },
          body: new URLSearchParams({ To: sms.to, From: config.from, Body: sms.body }).toString(),
          signal: AbortSignal.timeout(config.timeoutMs ?? 10_000),
        });
      } catch (err) {
        throw new SmsSendError(`the SMS gateway is unreachable: ${(err as Error).message}`, false);
      }
      const answer = (await res.json().catch(() => ({}))) as { sid?: string; message?: string; code?: number };
      if (res.ok && typeof answer.sid === 'string') return answer.sid;
      // 401/403: our credentials, fixed by configuration; 429 and 5xx: the gateway; other 4xx: this message.
      const permanent = res.status >= 400 && res.status < 500 && ![401, 403, 408, 429].includes(res.status);
      throw new SmsSendError(`the SMS gateway answered ${res.status}${answer.code ? ` (code ${answer.code})` : ''}`, permanent, res.status);
    },
  };
}

/** The gateway from SMS_API_URL, SMS_ACCOUNT_SID, SMS_AUTH_TOKEN and SMS_FROM; undefined when SMS_API_URL is unset. */
export function smsConfigFromEnv(env: NodeJS.ProcessEnv = process.env): SmsConfig | undefined {
  const baseUrl = env['SMS_API_URL'];
  if (!baseUrl) return undefined;
  return {
    baseUrl,
    accountSid: env['SMS_ACCOUNT_SID'] ?? 'local',
    authToken: env['SMS_AUTH_TOKEN'] ?? 'local',
    from: env['SMS_FROM'] ?? 'IESS',
  };
}
