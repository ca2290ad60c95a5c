import type { Principal } from './principal';
import { VerifiedTokens } from './verified-tokens';

const applicant = (sub: string): Principal => ({ sub, role: 'applicant' });

describe('VerifiedTokens', () => {
  it("gives a verified token's principal until its exp, and nothing from its exp on", () => {
    const tokens = new VerifiedTokens();
    tokens.remember('token-a', { principal: applicant('a'), expiresAt: 1_000 });
    expect(tokens.get('token-a', 999.5)).toEqual(applicant('a'));
    expect(tokens.get('token-a', 1_000)).toBeUndefined();
    // Expired entries are forgotten, not kept for later.
    expect(tokens.size).toBe(0);
  });

  it('never answers for a token it was not given, nor for one without exp', () => {
    const tokens = new VerifiedTokens();
    tokens.remember('token-a', { principal: applicant('a'), expiresAt: 1_000 });
    tokens.remember('token-b', { principal: applicant('b'), expiresAt: undefined });
    expect(tokens.get('token-a.', 1)).toBeUndefined();
    expect(tokens.get('token-b', 1)).toBeUndefined();
    expect(tokens.size).toBe(1);
  });

  it('holds at most its capacity, forgetting the least recently used first', () => {
    const tokens = new VerifiedTokens(2);
    tokens.remember('token-a', { principal: applicant('a'), expiresAt: 1_000 });
    tokens.remember('token-b', { principal: applicant('b'), expiresAt: 1_000 });
    expect(tokens.get('token-a', 1)).toEqual(applicant('a')); // a used after b
    tokens.remember('token-c', { principal: applicant('c'), expiresAt: 1_000 });
    expect(tokens.size).toBe(2);
    expect(tokens.get('token-b', 1)).toBeUndefined();
    expect(tokens.get('token-a', 1)).toEqual(applicant('a'));
    expect(tokens.get('token-c', 1)).toEqual(applicant('c'));
  });
});
