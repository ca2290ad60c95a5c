import fs from 'node:fs';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { isPortInUse, type Log } from '@tramites/infra';

/**
 * A local mailbox for `npm start`: an SMTP server on loopback that keeps every email
 * as an .eml file in the data folder and logs one line per message.
 */
export async function startDevMailbox(options: { port: number; dir: string; log: Log }): Promise<{ close(): Promise<void> }> {
  if (await isPortInUse(options.port)) {
    throw new Error(`port ${options.port} is already in use: stop what uses it or set SMTP_PORT`);
  }
  fs.mkdirSync(options.dir, { recursive: true });
  let count = fs.readdirSync(options.dir).length;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        count += 1;
        const file = path.join(options.dir, `${String(count).padStart(5, '0')}.eml`);
        fs.writeFileSync(file, raw);
        const subject = /^Subject: (.*)$/im.exec(raw.toString('utf8'))?.[1] ?? '';
        const to = session.envelope.rcptTo.map((r) => r.address).join(', ');
        options.log(`[mail] to ${to}: ${decodeMimeWords(subject)} (${path.relative(process.cwd(), file)})`);
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  return { close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Decodes RFC 2047 encoded words (=?UTF-8?B?...?= / =?UTF-8?Q?...?=) for the log line. */
function decodeMimeWords(text: string): string {
  return text.replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, enc: string, data: string) =>
    enc.toLowerCase() === 'b'
      ? Buffer.from(data, 'base64').toString('utf8')
      : Buffer.from(
          data.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
  );
}
