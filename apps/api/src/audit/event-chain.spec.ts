import { canonicalJson, type HashedEventFields as ChainedEventFields } from '@tramites/persistence';
import { GENESIS_HASH, chainHash, checkEventChain, describeFinding, type StoredEvent } from './event-chain';

// Hashes computed by the writer (activities/src/case-events/event-hash.ts) for these two events:
// the auditor's independent implementation must give the same ones.
const opened: ChainedEventFields = {
  caseId: '3f0c6a52-9d7e-4b1a-8c55-0e2f4a6b8d10',
  seq: 1,
  type: 'CASE_OPENED',
  actorId: 'P1234567',
  actorRole: 'applicant',
  occurredAt: '2026-12-01T14:00:00.123Z',
  data: { procedure: 'FOREIGNER_CODE', holder: { nationality: 'VEN', documentType: 'passport' }, walkIn: null, status: 'awaiting_verification' },
};
const checkedIn: ChainedEventFields = {
  ...opened,
  seq: 2,
  type: 'CASE_CHECKED_IN',
  actorId: 'officer-uio-1',
  actorRole: 'case_manager',
  occurredAt: '2026-12-01T15:30:00.000Z',
  data: { agencyId: 'UIO-NORTE', status: 'checked_in', reasons: ['Ñandú', 1.5, { b: true, a: null }] },
};
const WRITER_HASH_1 = '7e49ac62025b140a08bbf069c6cb9e9aadc6ae67a064a157fe2e156462e7b122';
const WRITER_HASH_2 = 'c1058ed8b8a28f2adb6d3236bdf567ecef8335600775a53a4c4104c86e81da56';

const stored = (e: ChainedEventFields, prevHash: string, hash: string): StoredEvent => ({
  case_id: e.caseId,
  seq: e.seq,
  type: e.type,
  actor_id: e.actorId,
  actor_role: e.actorRole,
  occurred_at: new Date(e.occurredAt),
  data: JSON.parse(JSON.stringify(e.data)) as Record<string, unknown>,
  prev_hash: prevHash,
  hash,
});

describe('event chain (auditor side)', () => {
  it('computes the same hashes as the writer', () => {
    expect(chainHash(GENESIS_HASH, opened)).toBe(WRITER_HASH_1);
    expect(chainHash(WRITER_HASH_1, checkedIn)).toBe(WRITER_HASH_2);
  });

  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: undefined, c: [2, { f: 1, e: 2 }] } })).toBe('{"a":{"c":[2,{"e":2,"f":1}]},"b":1}');
  });

  const first = stored(opened, GENESIS_HASH, WRITER_HASH_1);
  const second = stored(checkedIn, WRITER_HASH_1, WRITER_HASH_2);

  it('accepts an intact chain and reports its head', () => {
    expect(checkEventChain([first, second])).toEqual({ valid: true, events: 2, expectedEvents: 2, headHash: WRITER_HASH_2, findings: [] });
    expect(checkEventChain([])).toEqual({ valid: true, events: 0, expectedEvents: 0, findings: [] });
    const head = { checkpoint: 3, takenAt: '2026-12-01T16:00:00.000Z', seq: 2, hash: WRITER_HASH_2 };
    expect(checkEventChain([second, first], { recordedLastSeq: 2, checkpointedHeads: [head] })).toMatchObject({ valid: true, lastCheckpoint: head });
  });

  it('names each altered event, not everything after it', () => {
    expect(checkEventChain([first, { ...second, data: { ...second.data, agencyId: 'GYE-CENTRO' } }]).findings).toEqual([
      { problem: 'HASH_MISMATCH', seqs: [2] },
    ]);
    expect(checkEventChain([{ ...first, actor_id: 'someone-else' }, second]).findings).toEqual([{ problem: 'HASH_MISMATCH', seqs: [1] }]);
    expect(checkEventChain([first, { ...second, prev_hash: 'f'.repeat(64) }]).findings).toEqual([
      { problem: 'HASH_MISMATCH', seqs: [2] },
      { problem: 'PREV_HASH_MISMATCH', seqs: [2] },
    ]);
  });

  it('names missing events: a gap, and a truncated tail the read model or a checkpoint still knows of', () => {
    expect(checkEventChain([second]).findings).toEqual([{ problem: 'MISSING', seqs: [1] }]);
    expect(checkEventChain([first], { recordedLastSeq: 4 }).findings).toEqual([{ problem: 'MISSING', seqs: [2, 3, 4] }]);
    const head = { checkpoint: 1, takenAt: '2026-12-01T16:00:00.000Z', seq: 2, hash: WRITER_HASH_2 };
    expect(checkEventChain([first], { recordedLastSeq: 1, checkpointedHeads: [head] })).toMatchObject({
      valid: false,
      expectedEvents: 2,
      findings: [{ problem: 'MISSING', seqs: [2] }],
    });
    expect(describeFinding({ problem: 'MISSING', seqs: [6, 7] })).toBe('Faltan los eventos 6 y 7 (fueron borrados del registro)');
  });

  it('detects a chain rewritten with consistent hashes by the head a checkpoint signed', () => {
    const forgedData = { ...checkedIn, data: { ...checkedIn.data, agencyId: 'GYE-CENTRO' } };
    const forged = stored(forgedData, WRITER_HASH_1, chainHash(WRITER_HASH_1, forgedData));
    expect(checkEventChain([first, forged]).valid).toBe(true);
    const head = { checkpoint: 1, takenAt: '2026-12-01T16:00:00.000Z', seq: 2, hash: WRITER_HASH_2 };
    expect(checkEventChain([first, forged], { checkpointedHeads: [head] }).findings).toEqual([{ problem: 'CHECKPOINT_MISMATCH', seqs: [2], checkpoint: 1 }]);
  });
});
