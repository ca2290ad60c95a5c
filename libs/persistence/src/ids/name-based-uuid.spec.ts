import { createHash } from 'node:crypto';
import { nameBasedUuid, uuidFromDigest } from './name-based-uuid';

const UUID_V8 = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('name-based UUIDs', () => {
  it('keeps the ids already issued: version 8 and the RFC variant over the digest bits', () => {
    const hex = createHash('sha256').update('case:1:link:1').digest('hex');
    expect(uuidFromDigest(hex)).toBe(
      `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`,
    );
    expect(uuidFromDigest('f'.repeat(64))).toBe('ffffffff-ffff-8fff-bfff-ffffffffffff');
    expect(uuidFromDigest('0'.repeat(32))).toBe('00000000-0000-8000-8000-000000000000');
  });

  it('names the same text with the same UUID, and different texts differently', () => {
    expect(nameBasedUuid('a')).toBe(nameBasedUuid('a'));
    expect(nameBasedUuid('a')).not.toBe(nameBasedUuid('b'));
    expect(nameBasedUuid('a')).toMatch(UUID_V8);
  });

  it('refuses what is not a digest', () => {
    expect(() => uuidFromDigest('abc')).toThrow(/32 hex digits/);
    expect(() => uuidFromDigest('z'.repeat(32))).toThrow();
  });
});
