import { createHash } from 'node:crypto';
import type { Principal } from './principal';

/** A token's principal once its signature and claims were checked, and when the token expires (epoch seconds). */
export interface VerifiedToken {
  principal: Principal;
  expiresAt: number;
}

/**
 * The principals of bearer tokens already verified, each until its token's `exp` (ADR 0035): a
 * client sends the same token with every call, and checking its signature again (HS256 for the
 * API's own tokens, the provider's key for officers') gave the same answer each time. Keyed by
 * the token's SHA-256 (the tokens themselves are not kept), bounded to `capacity` entries, the
 * least recently used forgotten first. Only valid tokens are remembered, and a token with no
 * `exp` is not (it is verified at every call). A remembered token is refused from its `exp` on,
 * as `jose` refuses it (no clock tolerance).
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, VerifiedToken>();

  constructor(private readonly capacity = 10_000) {}

  /** The principal of `token` when it was verified and has not expired at `nowSeconds`. */
  get(token: string, nowSeconds: number): Principal | undefined {
    const key = keyOf(token);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (nowSeconds >= entry.expiresAt) return undefined;
    this.entries.set(key, entry); // most recently used last
    return entry.principal;
  }

  /** Remembers a verified token (one without `exp` is not remembered). */
  remember(token: string, verified: { principal: Principal; expiresAt: number | undefined }): void {
    if (verified.expiresAt === undefined || !Number.isFinite(verified.expiresAt)) return;
    const key = keyOf(token);
    this.entries.delete(key);
    if (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { principal: verified.principal, expiresAt: verified.expiresAt });
  }

  get size(): number {
    return this.entries.size;
  }
}

function keyOf(token: string): string {
  return createHash('sha256').update(token).digest('base64');
}
