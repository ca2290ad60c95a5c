import fc from 'fast-check';
import { canonicalJson, chainHash, GENESIS_HASH } from './event-hash';

const event = {
  caseId: '00000000-0000-4000-8000-000000000001',
  seq: 1,
  type: 'CASE_OPENED',
  actorId: 'a',
  actorRole: 'applicant',
  occurredAt: '2026-12-01T14:00:00.000Z',
  data: { b: 1, a: [1, { d: 2, c: 3 }] },
};

describe('canonicalJson', () => {
  it('orders keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: 1, c: [2, { f: 1, e: 2 }] } })).toBe('{"a":{"c":[2,{"e":2,"f":1}],"d":1},"b":1}');
  });

  it('is independent of key insertion order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(obj));
      }),
    );
  });
});

describe('chainHash', () => {
  it('is a sha256 hex digest that depends on the previous hash and on every field', () => {
    const h = chainHash(GENESIS_HASH, event);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(chainHash('1'.repeat(64), event)).not.toBe(h);
    expect(chainHash(GENESIS_HASH, { ...event, actorId: 'b' })).not.toBe(h);
    expect(chainHash(GENESIS_HASH, { ...event, data: { b: 2, a: [1, { d: 2, c: 3 }] } })).not.toBe(h);
    expect(chainHash(GENESIS_HASH, { ...event, data: { a: [1, { c: 3, d: 2 }], b: 1 } })).toBe(h);
  });
});
