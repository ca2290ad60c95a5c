import { canonicalJson, type HashedEventFields as ChainedEventFields } from '@tramites/persistence';
import { GENESIS_HASH, chainHash, verifyChain, type StoredEvent } from './event-chain';

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

  it('accepts an intact chain and reports its head', () => {
    const rows = [stored(opened, GENESIS_HASH, WRITER_HASH_1), stored(checkedIn, WRITER_HASH_1, WRITER_HASH_2)];
    expect(verifyChain(rows)).toEqual({ valid: true, events: 2, headHash: WRITER_HASH_2 });
    expect(verifyChain([])).toEqual({ valid: true, events: 0 });
  });

  it('names the first broken event: altered content, a relinked hash, a missing event', () => {
    const first = stored(opened, GENESIS_HASH, WRITER_HASH_1);
    const second = stored(checkedIn, WRITER_HASH_1, WRITER_HASH_2);
    expect(verifyChain([first, { ...second, data: { ...second.data, agencyId: 'GYE-CENTRO' } }])).toMatchObject({
      valid: false,
      firstBrokenSeq: 2,
      problem: 'HASH_MISMATCH',
    });
    expect(verifyChain([{ ...first, actor_id: 'someone-else' }, second])).toMatchObject({ firstBrokenSeq: 1, problem: 'HASH_MISMATCH' });
    expect(verifyChain([first, { ...second, prev_hash: 'f'.repeat(64) }])).toMatchObject({ firstBrokenSeq: 2, problem: 'PREV_HASH_MISMATCH' });
    expect(verifyChain([second])).toMatchObject({ firstBrokenSeq: 2, problem: 'SEQ_GAP' });
  });
});
