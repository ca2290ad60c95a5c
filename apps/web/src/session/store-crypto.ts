import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { WEB_SESSION_SEALING_KEY_INFO, WEB_STORE_SIGNATURE_HEADER, WEB_STORE_TIME_HEADER, webStoreRequestMessage } from '@tramites/contracts';

/** A 32-byte key derived from WEB_SESSION_STORE_KEY for one purpose (HKDF-SHA256, ADR 0021). */
export function deriveStoreKey(secret: string, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.alloc(0), Buffer.from(info, 'utf8'), 32));
}

/** base64url SHA-256 of a body as sent ('' for none). */
export const bodyDigest = (body: string | undefined): string => (body ? createHash('sha256').update(body, 'utf8').digest('base64url') : '');

/**
 * The headers of one signed call to the API's internal routes
 * (libs/contracts web-store-request.ts): the moment and the HMAC, never the key.
 */
export function signedStoreHeaders(signingKey: Buffer, method: string, path: string, body?: string, now = Date.now()): Record<string, string> {
  const time = String(now);
  const sig = createHmac('sha256', signingKey)
    .update(webStoreRequestMessage({ method, path, time, bodyDigest: bodyDigest(body) }))
    .digest('base64url');
  return { [WEB_STORE_TIME_HEADER]: time, [WEB_STORE_SIGNATURE_HEADER]: sig };
}

const SEALED = /^v1\.([A-Za-z0-9_-]+)$/;

/**
 * What a sealed value holds: the session's data, its two deadlines (epoch ms) and the moment the web
 * sealed it (`generation`, epoch ms, each seal later than the last this process saw for the session).
 * The deadlines live inside the seal, so that whoever writes the store's table cannot make a session
 * live longer, and the generation lets the web refuse an older sealed value put back after a newer one.
 */
export interface SealedSession {
  data: Record<string, unknown>;
  expiresAt: number;
  absoluteExpiresAt: number;
  generation: number;
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Session data sealed in the web process (AES-256-GCM, a fresh 96-bit IV each time, the
 * session's kind and id as associated data): the API's store and its database only ever hold
 * `v1.<base64url(iv | ciphertext | tag)>`, and a sealed value copied under another id does not open.
 */
export class SessionSealer {
  constructor(private readonly key: Buffer) {}

  static fromSecret(secret: string): SessionSealer {
    return new SessionSealer(deriveStoreKey(secret, WEB_SESSION_SEALING_KEY_INFO));
  }

  seal(kind: string, id: string, s: SealedSession): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(`${kind}:${id}`, 'utf8'));
    const plain = JSON.stringify({ d: s.data, e: s.expiresAt, a: s.absoluteExpiresAt, g: s.generation });
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `v1.${Buffer.concat([iv, ct, cipher.getAuthTag()]).toString('base64url')}`;
  }

  /** The sealed session, or undefined when the value is not ours (another key, another id, altered, or without its deadlines). */
  open(kind: string, id: string, sealed: string): SealedSession | undefined {
    const m = SEALED.exec(sealed);
    if (!m?.[1]) return undefined;
    const raw = Buffer.from(m[1], 'base64url');
    if (raw.length < 12 + 16) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
      decipher.setAAD(Buffer.from(`${kind}:${id}`, 'utf8'));
      decipher.setAuthTag(raw.subarray(raw.length - 16));
      const plain = Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8');
      const v = JSON.parse(plain) as { d?: unknown; e?: unknown; a?: unknown; g?: unknown } | null;
      if (!v || typeof v !== 'object' || !v.d || typeof v.d !== 'object' || Array.isArray(v.d)) return undefined;
      if (!finite(v.e) || !finite(v.a) || !finite(v.g)) return undefined;
      return { data: v.d as Record<string, unknown>, expiresAt: v.e, absoluteExpiresAt: v.a, generation: v.g };
    } catch {
      return undefined;
    }
  }
}
