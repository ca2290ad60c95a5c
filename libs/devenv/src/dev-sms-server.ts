import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';

/** A text message the local gateway accepted. */
export interface KeptSms {
  sid: string;
  to: string;
  from: string;
  body: string;
  idempotencyKey?: string;
  receivedAt: string;
}

export interface DevSmsServer {
  port: number;
  /** The base URL to give the dispatcher (SMS_API_URL). */
  url: string;
  messages(): KeptSms[];
  /** How many sends were answered with an earlier message (same Idempotency-Key): the duplicates dropped. */
  duplicatesDropped(): number;
  waitForMessage(predicate: (m: KeptSms) => boolean, timeoutMs?: number): Promise<KeptSms>;
  close(): Promise<void>;
}

const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;

/**
 * A local SMS gateway for `npm start` and the tests, speaking the HTTP SMS API shape the dispatcher uses
 * (libs/mail sms-transport.ts: Twilio's Messages resource). It keeps every message (in memory and, with
 * `dir`, one .txt file each in the data folder), lists them at `GET /messages`, and answers a second send
 * of the same Idempotency-Key with the first message instead of keeping it twice. Log lines name the
 * kept file, never the number nor the text.
 */
export async function startDevSmsServer(options: {
  port?: number;
  dir?: string;
  accountSid?: string;
  authToken?: string;
  log?: (line: string) => void;
  /** Answers each accepted message this late (a slow gateway: the tests widen the window between its acceptance and the sender's commit). */
  answerDelayMs?: number;
}): Promise<DevSmsServer> {
  const kept: KeptSms[] = [];
  const byKey = new Map<string, KeptSms>();
  let duplicates = 0;
  const waiters: Array<{ predicate: (m: KeptSms) => boolean; resolve: (m: KeptSms) => void }> = [];
  if (options.dir) fs.mkdirSync(options.dir, { recursive: true });
  let count = options.dir ? fs.readdirSync(options.dir).length : 0;
  const expectedAuth =
    options.accountSid && options.authToken ? `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}` : undefined;

  const json = (res: http.ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'GET' && url.pathname === '/messages') return json(res, 200, { messages: kept });
    const m = MESSAGES_PATH.exec(url.pathname);
    if (req.method !== 'POST' || !m) return json(res, 404, { code: 20404, message: 'The requested resource was not found' });
    if (expectedAuth && req.headers.authorization !== expectedAuth) return json(res, 401, { code: 20003, message: 'Authenticate' });
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const to = form.get('To') ?? '';
      const body = form.get('Body') ?? '';
      if (!/^\+\d{8,15}$/.test(to)) return json(res, 400, { code: 21211, message: "The 'To' number is not a valid phone number." });
      if (!body) return json(res, 400, { code: 21602, message: 'Message body is required.' });
      const key = req.headers['idempotency-key'];
      const idempotencyKey = typeof key === 'string' && key ? key : undefined;
      const earlier = idempotencyKey ? byKey.get(idempotencyKey) : undefined;
      if (earlier) {
        duplicates += 1;
        return json(res, 201, { sid: earlier.sid, status: 'queued', to: earlier.to });
      }
      count += 1;
      const sms: KeptSms = {
        sid: `SM${String(count).padStart(32, '0')}`,
        to,
        from: form.get('From') ?? '',
        body,
        ...(idempotencyKey ? { idempotencyKey } : {}),
        receivedAt: new Date().toISOString(),
      };
      kept.push(sms);
      if (idempotencyKey) byKey.set(idempotencyKey, sms);
      if (options.dir) {
        const file = path.join(options.dir, `${String(count).padStart(5, '0')}.txt`);
        fs.writeFileSync(file, `To: ${to}\nFrom: ${sms.from}\nDate: ${sms.receivedAt}\n\n${body}\n`);
        options.log?.(`[sms] message ${count} kept (${path.relative(process.cwd(), file)})`);
      }
      for (const w of [...waiters]) {
        if (w.predicate(sms)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(sms);
        }
      }
      const answer = (): void => json(res, 201, { sid: sms.sid, status: 'queued', to });
      if (options.answerDelayMs) setTimeout(answer, options.answerDelayMs);
      else answer();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    messages: () => [...kept],
    duplicatesDropped: () => duplicates,
    waitForMessage(predicate, timeoutMs = 10_000) {
      const found = kept.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise<KeptSms>((resolve, reject) => {
        const w = {
          predicate,
          resolve: (m: KeptSms) => {
            clearTimeout(timer);
            resolve(m);
          },
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(w), 1);
          reject(new Error(`no matching SMS within ${timeoutMs} ms (${kept.length} kept)`));
        }, timeoutMs);
        waiters.push(w);
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
