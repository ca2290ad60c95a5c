import { createHash } from 'node:crypto';

/**
 * A UUID (version 8, RFC 9562 variant) made of the first 128 bits of a hex digest: the same
 * digest always names the same row, which is what makes retried starts and activities idempotent.
 */
export function uuidFromDigest(hex: string): string {
  if (!/^[0-9a-f]{32,}$/i.test(hex)) throw new Error('uuidFromDigest needs at least 32 hex digits');
  const h = hex.slice(0, 32).toLowerCase().split('');
  h[12] = '8';
  h[16] = ((parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20, 32)}`;
}

/** The UUID named by a text: uuidFromDigest(SHA-256(text)). */
export function nameBasedUuid(text: string): string {
  return uuidFromDigest(createHash('sha256').update(text, 'utf8').digest('hex'));
}
