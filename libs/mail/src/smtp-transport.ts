import nodemailer from 'nodemailer';

export interface SmtpConfig {
  host: string;
  port: number;
  /** true: TLS from the first byte (port 465). false: plain, upgraded with STARTTLS when the server offers it. */
  secure: boolean;
  user?: string;
  pass?: string;
  /** From header of every email: `Name <address>` or a bare address. */
  from: string;
}

/** One email as the activity hands it to the transport. */
export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Full Message-ID header value, angle brackets included. */
  messageId: string;
  attachments?: Array<{ filename: string; contentType: string; content: Uint8Array }>;
}

export interface SentEmail {
  messageId: string;
  accepted: string[];
  rejected: string[];
  /** Last reply of the server, e.g. `250 OK: queued`. */
  response: string;
}

/** What the email activity needs from a mail transport; createSmtpTransport gives the real one. */
export interface EmailTransport {
  readonly from: string;
  /** Rejects with nodemailer's error (code, responseCode, permanent) when the server refuses or cannot be reached. */
  send(email: OutgoingEmail): Promise<SentEmail>;
  /** Connects and authenticates once: a start-up check. */
  verify(): Promise<void>;
  /** Closes the pooled connections. */
  close(): void;
}

/** How long to wait for the server before the send fails (and the activity is retried). */
export const SMTP_TIMEOUTS_MS = { connection: 5_000, greeting: 5_000, socket: 15_000, dns: 5_000 } as const;

export const DEFAULT_MAIL_FROM = 'Trámites IESS <no-responder@iess.gob.ec>';

/** A pooled SMTP transport that fails fast when the server is unreachable. */
export function createSmtpTransport(config: SmtpConfig): EmailTransport {
  const mailer = nodemailer.createTransport({
    pool: true,
    maxConnections: 3,
    // A connection lost mid-message fails the send: the activity's retry (same Message-ID) resends it.
    maxRequeues: 0,
    host: config.host,
    port: config.port,
    secure: config.secure,
    auth: config.user !== undefined ? { user: config.user, pass: config.pass ?? '' } : undefined,
    connectionTimeout: SMTP_TIMEOUTS_MS.connection,
    greetingTimeout: SMTP_TIMEOUTS_MS.greeting,
    socketTimeout: SMTP_TIMEOUTS_MS.socket,
    dnsTimeout: SMTP_TIMEOUTS_MS.dns,
    // Content is always given as strings and bytes: never let a message read a file or a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return {
    from: config.from,
    async send(email) {
      const info = await mailer.sendMail({
        from: config.from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        messageId: email.messageId,
        // RFC 3834: tells mail servers not to answer with vacation replies.
        headers: { 'Auto-Submitted': 'auto-generated' },
        attachments: email.attachments?.map((a) => ({
          filename: a.filename,
          contentType: a.contentType,
          content: Buffer.from(a.content.buffer, a.content.byteOffset, a.content.byteLength),
        })),
      });
      return {
        messageId: info.messageId,
        accepted: info.accepted.map(String),
        rejected: info.rejected.map(String),
        response: info.response,
      };
    },
    async verify() {
      await mailer.verify();
    },
    close() {
      mailer.close();
    },
  };
}

// ---------------------------------------------------------------------------
// Addresses

const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[\p{L}\p{N}]([\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;
const TOP_LEVEL = /^(\p{L}{2,63}|xn--[a-z0-9-]{1,59})$/iu;

/**
 * One deliverable address, `user@example.ec`: no display name, no list, no comments, no
 * line breaks. Deliberately stricter than RFC 5322 (no quoted local parts, a dotted domain).
 */
export function isValidEmailAddress(address: string): boolean {
  if (address.length > 254) return false;
  const at = address.lastIndexOf('@');
  if (at <= 0 || at !== address.indexOf('@')) return false;
  const local = address.slice(0, at);
  const labels = address.slice(at + 1).split('.');
  const tld = labels[labels.length - 1] ?? '';
  return local.length <= 64 && LOCAL_PART.test(local) && labels.length >= 2 && labels.every((l) => DOMAIN_LABEL.test(l)) && TOP_LEVEL.test(tld);
}

// ---------------------------------------------------------------------------
// Configuration from the environment

const FROM_WITH_NAME = /^\s*(.*?)\s*<([^<>]+)>\s*$/;

/** Reads SMTP_HOST, SMTP_PORT, SMTP_SECURE, SMTP_USER, SMTP_PASS and MAIL_FROM; errors name the variable. */
export function smtpConfigFromEnv(env: Readonly<Record<string, string | undefined>>): SmtpConfig {
  const value = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };

  const host = value('SMTP_HOST') ?? '127.0.0.1';
  if (/\s/.test(host)) throw new Error(`SMTP_HOST must be a host name or IP address (got ${JSON.stringify(host)})`);

  const rawPort = value('SMTP_PORT') ?? '1025';
  const port = /^\d{1,5}$/.test(rawPort) ? Number(rawPort) : NaN;
  if (!(port >= 1 && port <= 65535)) {
    throw new Error(`SMTP_PORT must be an integer from 1 to 65535 (got ${JSON.stringify(rawPort)})`);
  }

  const rawSecure = (value('SMTP_SECURE') ?? 'false').toLowerCase();
  const secure = rawSecure === 'true' || rawSecure === '1' ? true : rawSecure === 'false' || rawSecure === '0' ? false : undefined;
  if (secure === undefined) {
    throw new Error(`SMTP_SECURE must be true or false (got ${JSON.stringify(env['SMTP_SECURE'])})`);
  }

  const user = value('SMTP_USER');
  // A password may legitimately start or end with spaces: keep it as given.
  const pass = env['SMTP_PASS'] === '' ? undefined : env['SMTP_PASS'];
  if (user === undefined && pass !== undefined) throw new Error('SMTP_USER is required when SMTP_PASS is set');
  if (user !== undefined && pass === undefined) throw new Error('SMTP_PASS is required when SMTP_USER is set');

  const from = value('MAIL_FROM') ?? DEFAULT_MAIL_FROM;
  const named = FROM_WITH_NAME.exec(from);
  const fromAddress = named ? (named[2] ?? '').trim() : from;
  if (!isValidEmailAddress(fromAddress) || /[\r\n]/.test(from)) {
    throw new Error(`MAIL_FROM must be an email address, optionally with a name: "Name <address>" (got ${JSON.stringify(from)})`);
  }

  return { host, port, secure, ...(user !== undefined ? { user, pass } : {}), from };
}
