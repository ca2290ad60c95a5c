import { createHash } from 'node:crypto';

/** The Message-ID of the email of an idempotency key: the same on every retry, so receivers can drop duplicates. */
export function caseEmailMessageId(idempotencyKey: string): string {
  return `<${createHash('sha256').update(idempotencyKey, 'utf8').digest('hex')}@tramites.iess>`;
}
