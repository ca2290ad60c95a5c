import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = 1;

/** A key of its own for SMS bodies, derived from the server secret (HKDF-SHA256), apart from the emails'. */
function bodyKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'tramites', 'sms-outbox-body:v1', 32));
}

/** Seals an SMS text for the outbox (AES-256-GCM, the row's idempotency key as additional data), as the emails' bodies are (ADR 0008). */
export function sealSmsBody(secret: string, key: string, text: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', bodyKey(secret), iv);
  cipher.setAAD(Buffer.from(key, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), ciphertext]);
}

/** Opens a sealed SMS text; throws when sealed with another secret, for another row, or altered. */
export function openSmsBody(secret: string, key: string, sealed: Uint8Array): string {
  const bytes = Buffer.from(sealed);
  if (bytes.length < 1 + IV_BYTES + TAG_BYTES || bytes[0] !== VERSION) throw new Error('sealed SMS body: unknown format');
  const decipher = createDecipheriv('aes-256-gcm', bodyKey(secret), bytes.subarray(1, 1 + IV_BYTES));
  decipher.setAAD(Buffer.from(key, 'utf8'));
  decipher.setAuthTag(bytes.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(bytes.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
}
