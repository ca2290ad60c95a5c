import { normalizeVerificationNumber } from '@tramites/signing';

/**
 * The printed form of a verification number typed by a person (docs/decisions/0006), or
 * undefined (wrong shape or a failed check, i.e. a typo): the reader the worker issues with.
 */
export function canonicalVerificationNumber(input: unknown): string | undefined {
  return typeof input === 'string' && input.length <= 64 ? normalizeVerificationNumber(input) : undefined;
}
