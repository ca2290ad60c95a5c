import { generateKeyPairSync } from 'node:crypto';
import {
  CHECKPOINT_FORMAT,
  FIRST_PREVIOUS_DIGEST,
  checkpointDigest,
  signCheckpoint,
  verifyCheckpoint,
  verifyCheckpointSeries,
  type CheckpointPayload,
} from './event-log-checkpoint';

const pair = () => generateKeyPairSync('ed25519');
const key = pair();
const other = pair();
const publicKeys = { 'iess-test': key.publicKey };
const head = (n: number) => ({ caseId: `00000000-0000-4000-8000-00000000000${n}`, seq: n + 2, hash: String(n).repeat(64) });

const first: CheckpointPayload = {
  format: CHECKPOINT_FORMAT,
  number: 1,
  takenAt: '2026-12-01T16:00:00.000Z',
  previousDigest: FIRST_PREVIOUS_DIGEST,
  heads: [head(1), head(2)],
};
const second: CheckpointPayload = { ...first, number: 2, takenAt: '2026-12-01T16:10:00.000Z', previousDigest: checkpointDigest(first), heads: [head(3)] };
const third: CheckpointPayload = { ...first, number: 3, takenAt: '2026-12-01T16:20:00.000Z', previousDigest: checkpointDigest(second), heads: [head(1)] };
const sign = (p: CheckpointPayload, k = key.privateKey) => signCheckpoint(p, { kid: 'iess-test', privateKey: k });

describe('event log checkpoints (offline verification)', () => {
  it('verifies with only the public key, also after a JSON round trip that reorders keys', () => {
    const doc = JSON.parse(JSON.stringify(sign(first))) as Record<string, unknown>;
    const reordered = { signature: doc['signature'], payload: { ...(doc['payload'] as object) }, kid: doc['kid'], alg: doc['alg'] };
    expect(verifyCheckpoint(reordered, publicKeys)).toMatchObject({ valid: true, kid: 'iess-test', digest: checkpointDigest(first) });
  });

  it('fails after any tampering, with another key, or an unknown kid', () => {
    const doc = sign(first);
    const tampered = { ...doc, payload: { ...doc.payload, heads: [{ ...head(1), seq: 2 }, head(2)] } };
    expect(verifyCheckpoint(tampered, publicKeys)).toMatchObject({ valid: false, reason: 'BAD_SIGNATURE' });
    expect(verifyCheckpoint({ ...doc, payload: { ...doc.payload, heads: [head(2)] } }, publicKeys)).toMatchObject({ valid: false, reason: 'BAD_SIGNATURE' });
    expect(verifyCheckpoint(sign(first, other.privateKey), publicKeys)).toMatchObject({ valid: false, reason: 'BAD_SIGNATURE' });
    expect(verifyCheckpoint({ ...doc, kid: 'constructor' }, publicKeys)).toMatchObject({ valid: false, reason: 'UNKNOWN_KEY' });
    expect(verifyCheckpoint({ ...doc, payload: { ...doc.payload, format: 'x' } }, publicKeys)).toMatchObject({ valid: false, reason: 'MALFORMED' });
    expect(verifyCheckpoint('nope', publicKeys)).toMatchObject({ valid: false, reason: 'MALFORMED' });
  });

  it('checks a series: every signature, no number missing, each linked to the one before', () => {
    expect(verifyCheckpointSeries([sign(third), sign(first), sign(second)], publicKeys)).toMatchObject({ valid: true, problems: [] });
    expect(verifyCheckpointSeries([sign(first), sign(third)], publicKeys).problems).toEqual([{ number: 2, problem: 'MISSING', detail: 'not among the files' }]);
    const relinked = { ...second, previousDigest: 'a'.repeat(64) };
    expect(verifyCheckpointSeries([sign(first), sign(relinked)], publicKeys).problems).toMatchObject([{ number: 2, problem: 'BROKEN_LINK' }]);
  });
});
