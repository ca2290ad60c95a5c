import {
  chainHash,
  checkEventChain,
  describeFinding,
  GENESIS_HASH,
  type ChainCheck,
  type ChainCheckContext,
  type ChainFinding,
  type ChainProblem,
  type StoredEvent,
} from '@tramites/persistence';

/**
 * Verification of a case's hash-chained event log (docs/decisions/0004-audit-event-log.md,
 * 0010-append-only-anchored-event-log.md):
 *   hash(n) = sha256(hash(n-1) || canonical_json(event n)), hash(0) = 64 zeros,
 * checked event by event, against the read model's last seq (truncation) and against every
 * head a signed checkpoint recorded for the case. The algorithm lives once, in
 * @tramites/persistence, shared with the writer and the auditor's command line (scripts/audit.ts), with its
 * Spanish wording (describeFinding); event-chain.spec.ts pins it to known hashes.
 */
export { chainHash, checkEventChain, describeFinding, GENESIS_HASH };
export type { ChainCheck, ChainCheckContext, ChainFinding, ChainProblem, StoredEvent };
