import { createHash, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson, GENESIS_HASH } from './event-hash';

/**
 * A signed checkpoint of the event log (ADR 0010): the heads of the cases whose log grew
 * since the previous checkpoint, chained to that one by its digest, signed with the
 * documents' Ed25519 key. It is a self-contained JSON document: anyone with the public key
 * verifies it offline (`npm run audit -- verify-checkpoint <file>...`).
 */
export const CHECKPOINT_FORMAT = 'tramites.event-log-checkpoint.v1';

export interface CheckpointHead {
  caseId: string;
  seq: number;
  hash: string;
}

export interface CheckpointPayload {
  format: typeof CHECKPOINT_FORMAT;
  /** 1, 2, 3, ... with no gaps. */
  number: number;
  takenAt: string;
  /** The digest of the previous checkpoint's payload; 64 zeros for the first. */
  previousDigest: string;
  /** Sorted by caseId. */
  heads: CheckpointHead[];
}

export interface SignedCheckpoint {
  payload: CheckpointPayload;
  alg: 'EdDSA';
  kid: string;
  /** Ed25519 signature of canonical_json(payload), base64url. */
  signature: string;
}

export const FIRST_PREVIOUS_DIGEST = GENESIS_HASH;

/** sha256 of the canonical payload: what the next checkpoint points to. */
export function checkpointDigest(payload: CheckpointPayload): string {
  return createHash('sha256').update(canonicalJson(payload)).digest('hex');
}

export function signCheckpoint(payload: CheckpointPayload, key: { kid: string; privateKey: KeyObject }): SignedCheckpoint {
  const signature = sign(null, Buffer.from(canonicalJson(payload), 'utf8'), key.privateKey).toString('base64url');
  return { payload, alg: 'EdDSA', kid: key.kid, signature };
}

export type CheckpointFailure = 'MALFORMED' | 'UNKNOWN_KEY' | 'BAD_SIGNATURE';

export type CheckpointVerification =
  { valid: true; payload: CheckpointPayload; kid: string; digest: string } | { valid: false; reason: CheckpointFailure; detail: string };

const HEX64 = /^[0-9a-f]{64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function payloadProblem(p: Record<string, unknown>): string | undefined {
  if (p['format'] !== CHECKPOINT_FORMAT) return `format must be ${CHECKPOINT_FORMAT}`;
  if (!Number.isSafeInteger(p['number']) || (p['number'] as number) < 1) return 'number must be a positive integer';
  if (typeof p['takenAt'] !== 'string' || Number.isNaN(Date.parse(p['takenAt']))) return 'takenAt must be an instant';
  if (typeof p['previousDigest'] !== 'string' || !HEX64.test(p['previousDigest'])) return 'previousDigest must be 64 hex digits';
  if (!Array.isArray(p['heads'])) return 'heads must be a list';
  for (const h of p['heads'] as unknown[]) {
    const head = h as Record<string, unknown> | null;
    if (!head || typeof head !== 'object') return 'each head must be an object';
    if (typeof head['caseId'] !== 'string' || !UUID.test(head['caseId'])) return 'each head needs a caseId (UUID)';
    if (!Number.isSafeInteger(head['seq']) || (head['seq'] as number) < 1) return 'each head needs a positive seq';
    if (typeof head['hash'] !== 'string' || !HEX64.test(head['hash'])) return 'each head needs a hash of 64 hex digits';
  }
  return undefined;
}

/** Checks one checkpoint document with the trusted public keys (kid -> Ed25519 key). Never throws. */
export function verifyCheckpoint(document: unknown, publicKeys: Readonly<Record<string, KeyObject>>): CheckpointVerification {
  const fail = (reason: CheckpointFailure, detail: string): CheckpointVerification => ({ valid: false, reason, detail });
  const doc = document as Record<string, unknown> | null;
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return fail('MALFORMED', 'not a JSON object');
  if (doc['alg'] !== 'EdDSA') return fail('MALFORMED', 'alg must be EdDSA');
  const kid = doc['kid'];
  if (typeof kid !== 'string') return fail('MALFORMED', 'kid is missing');
  const payload = doc['payload'] as Record<string, unknown> | null;
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return fail('MALFORMED', 'payload is missing');
  const problem = payloadProblem(payload);
  if (problem) return fail('MALFORMED', problem);
  if (!Object.hasOwn(publicKeys, kid)) return fail('UNKNOWN_KEY', `no public key for kid ${kid}`);
  const key = publicKeys[kid];
  if (!key || key.type !== 'public' || key.asymmetricKeyType !== 'ed25519') return fail('UNKNOWN_KEY', `kid ${kid} is not an Ed25519 public key`);
  const signature = typeof doc['signature'] === 'string' ? Buffer.from(doc['signature'], 'base64url') : Buffer.alloc(0);
  if (signature.length !== 64 || !verify(null, Buffer.from(canonicalJson(payload), 'utf8'), key, signature)) {
    return fail('BAD_SIGNATURE', 'the signature does not match the content');
  }
  const valid = payload as unknown as CheckpointPayload;
  return { valid: true, payload: valid, kid, digest: checkpointDigest(valid) };
}

export interface CheckpointSeriesProblem {
  /** The checkpoint concerned (its number, or the file's position when unreadable). */
  number: number;
  problem: 'INVALID' | 'MISSING' | 'BROKEN_LINK';
  detail: string;
}

/**
 * Verifies a series of checkpoints (any order): each one's signature, and that they form
 * one unbroken chain by number and previousDigest, so none was removed in between.
 */
export function verifyCheckpointSeries(
  documents: readonly unknown[],
  publicKeys: Readonly<Record<string, KeyObject>>,
): { valid: boolean; verified: Array<{ number: number; kid: string; digest: string; heads: number }>; problems: CheckpointSeriesProblem[] } {
  const problems: CheckpointSeriesProblem[] = [];
  const ok: Array<{ payload: CheckpointPayload; kid: string; digest: string }> = [];
  documents.forEach((d, index) => {
    const r = verifyCheckpoint(d, publicKeys);
    if (r.valid) ok.push(r);
    else {
      const number = (d as { payload?: { number?: unknown } } | null)?.payload?.number;
      problems.push({ number: typeof number === 'number' ? number : index + 1, problem: 'INVALID', detail: `${r.reason}: ${r.detail}` });
    }
  });
  ok.sort((a, b) => a.payload.number - b.payload.number);
  for (const [i, c] of ok.entries()) {
    const prev = ok[i - 1];
    if (!prev) {
      if (c.payload.number === 1 && c.payload.previousDigest !== FIRST_PREVIOUS_DIGEST) {
        problems.push({ number: 1, problem: 'BROKEN_LINK', detail: 'the first checkpoint must start from 64 zeros' });
      }
      continue;
    }
    if (c.payload.number !== prev.payload.number + 1) {
      for (let n = prev.payload.number + 1; n < c.payload.number; n += 1) problems.push({ number: n, problem: 'MISSING', detail: 'not among the files' });
    } else if (c.payload.previousDigest !== prev.digest) {
      problems.push({ number: c.payload.number, problem: 'BROKEN_LINK', detail: `previousDigest is not the digest of checkpoint ${prev.payload.number}` });
    }
  }
  problems.sort((a, b) => a.number - b.number);
  return {
    valid: problems.length === 0,
    verified: ok.map((c) => ({ number: c.payload.number, kid: c.kid, digest: c.digest, heads: c.payload.heads.length })),
    problems,
  };
}
