import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One email as the test SMTP server received it. */
export interface ReceivedEmail {
  /** Envelope recipients (RCPT TO), lower-cased. */
  to: string[];
  /** Envelope sender (MAIL FROM). */
  from?: string;
  subject: string;
  text: string;
  html?: string;
  messageId?: string;
  attachments: Array<{ filename: string; contentType: string; size: number }>;
  /** Header lines as received, lower-cased names (e.g. `auto-submitted`). */
  headers: Record<string, string>;
}

export interface TestSmtpServerOptions {
  /** Recipients answered with a permanent `550 5.1.1` (an unknown mailbox). */
  rejectRecipient?: (address: string) => boolean;
}

export interface TestSmtpServer {
  host: string;
  port: number;
  /** Every email received so far, oldest first. */
  messages(): ReceivedEmail[];
  /** The first email (already received or still to come) that matches, or a rejection after timeoutMs. */
  waitForMessage(predicate: (m: ReceivedEmail) => boolean, timeoutMs?: number): Promise<ReceivedEmail>;
  /** Forgets the emails received so far. */
  clear(): void;
  close(): Promise<void>;
}

interface Waiter {
  predicate: (m: ReceivedEmail) => boolean;
  resolve: (m: ReceivedEmail) => void;
}

const addressText = (a: AddressObject | AddressObject[] | undefined): string | undefined =>
  a === undefined ? undefined : Array.isArray(a) ? a.map((x) => x.text).join(', ') : a.text;

/**
 * A real SMTP server on 127.0.0.1 and a free port (no TLS, authentication optional and
 * accepting any credentials) that parses and keeps every email it receives. The SMTP
 * reply to DATA comes only once the email is parsed and stored, so a send that resolved
 * is already visible in messages().
 */
export async function startTestSmtpServer(options: TestSmtpServerOptions = {}): Promise<TestSmtpServer> {
  const received: ReceivedEmail[] = [];
  const waiters = new Set<Waiter>();

  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 1_000,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username ?? 'test' });
    },
    onRcptTo(address, _session, callback) {
      if (options.rejectRecipient?.(address.address)) {
        callback(Object.assign(new Error('5.1.1 Mailbox does not exist'), { responseCode: 550 }));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const headers: Record<string, string> = {};
          for (const line of parsed.headerLines) headers[line.key] = line.line.slice(line.line.indexOf(':') + 1).trim();
          const email: ReceivedEmail = {
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : addressText(parsed.from),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            ...(parsed.html !== false ? { html: parsed.html } : {}),
            ...(parsed.messageId !== undefined ? { messageId: parsed.messageId } : {}),
            attachments: parsed.attachments.map((a) => ({
              filename: a.filename ?? '',
              contentType: a.contentType,
              size: a.size,
            })),
            headers,
          };
          received.push(email);
          for (const w of [...waiters]) {
            if (w.predicate(email)) {
              waiters.delete(w);
              w.resolve(email);
            }
          }
          callback();
        })
        .catch((err: unknown) => callback(err instanceof Error ? err : new Error(String(err))));
    },
  });

  const port = await new Promise<number>((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.server.address() as AddressInfo).port);
    });
  });
  // A client dropping its connection must not crash the test process.
  server.on('error', () => undefined);

  return {
    host: '127.0.0.1',
    port,
    messages: () => [...received],
    waitForMessage(predicate, timeoutMs = 10_000) {
      const found = received.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise<ReceivedEmail>((resolve, reject) => {
        const waiter: Waiter = {
          predicate,
          resolve: (m) => {
            clearTimeout(timer);
            resolve(m);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          const seen = received.map((m) => `${m.to.join(',')}: ${m.subject}`).join('; ') || 'none';
          reject(new Error(`no matching email within ${timeoutMs} ms (received: ${seen})`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    clear() {
      received.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
      }),
  };
}
