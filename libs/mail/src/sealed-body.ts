import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** The parts of a rendered email that may carry secrets (codes, single-use links). */
export interface EmailBody {
  text: string;
  html: string;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = 1;

/** A key of its own for each purpose (email bodies, SMS texts), derived from the server secret (HKDF-SHA256). */
function purposeKey(secret: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'tramites', purpose, 32));
}

/**
 * Seals a text for an outbox with AES-256-GCM: version byte, IV, tag, ciphertext, under the key of
 * `purpose`. The row's idempotency key is the additional data, so a body cannot be moved to another row.
 */
export function sealOutboxText(purpose: string, secret: string, key: string, text: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', purposeKey(secret, purpose), iv);
  cipher.setAAD(Buffer.from(key, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), ciphertext]);
}

/** Opens a sealed text; throws when sealed with another secret or purpose, for another row, or altered. */
export function openOutboxText(purpose: string, secret: string, key: string, sealed: Uint8Array): string {
  const bytes = Buffer.from(sealed);
  if (bytes.length < 1 + IV_BYTES + TAG_BYTES || bytes[0] !== VERSION) {
    throw new Error('sealed outbox text: unknown format');
  }
  const iv = bytes.subarray(1, 1 + IV_BYTES);
  const tag = bytes.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', purposeKey(secret, purpose), iv);
  decipher.setAAD(Buffer.from(key, 'utf8'));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(bytes.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
}

const EMAIL_BODY = 'email-outbox-body:v1';

/** Seals an email body for the outbox (sealOutboxText under the emails' key). */
export function sealEmailBody(secret: string, key: string, body: EmailBody): Buffer {
  return sealOutboxText(EMAIL_BODY, secret, key, JSON.stringify(body));
}

/** Opens a sealed body; throws when it was sealed with another secret, for another row, or altered. */
export function openEmailBody(secret: string, key: string, sealed: Uint8Array): EmailBody {
  const body = JSON.parse(openOutboxText(EMAIL_BODY, secret, key, sealed)) as Partial<EmailBody>;
  if (typeof body.text !== 'string' || typeof body.html !== 'string') throw new Error('sealed email body: missing text or html');
  return { text: body.text, html: body.html };
}
