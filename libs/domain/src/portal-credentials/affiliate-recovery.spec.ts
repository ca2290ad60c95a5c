import {
  NO_ATTEMPTS,
  PASSWORD_LINK_TTL_MS,
  attemptsLeft,
  isPasswordLinkUsable,
  isWithinPasswordSetWindow,
  recordVerificationAttempt,
} from './affiliate-recovery';

describe('affiliate password recovery (003)', () => {
  it('locks the credential on the fifth failed attempt', () => {
    let state = NO_ATTEMPTS;
    for (let i = 1; i <= 4; i++) {
      state = recordVerificationAttempt(state, false);
      expect(state.locked).toBe(false);
      expect(attemptsLeft(state)).toBe(5 - i);
    }
    state = recordVerificationAttempt(state, false);
    expect(state).toEqual({ failed: 5, locked: true, verified: false });
    expect(attemptsLeft(state)).toBe(0);
    expect(recordVerificationAttempt(state, true)).toBe(state);
  });

  it('verifies on a correct attempt and then ignores further attempts', () => {
    const verified = recordVerificationAttempt(recordVerificationAttempt(NO_ATTEMPTS, false), true);
    expect(verified).toEqual({ failed: 1, locked: false, verified: true });
    expect(recordVerificationAttempt(verified, false)).toBe(verified);
  });

  it('keeps the link usable for 15 minutes inclusive', () => {
    const issued = Date.UTC(2025, 5, 2, 15);
    expect(isPasswordLinkUsable(issued, issued + PASSWORD_LINK_TTL_MS)).toBe(true);
    expect(isPasswordLinkUsable(issued, issued + PASSWORD_LINK_TTL_MS + 1)).toBe(false);
    expect(isPasswordLinkUsable(issued, issued - 1)).toBe(false);
    expect(isWithinPasswordSetWindow(issued, issued + 15 * 60_000)).toBe(true);
    expect(isWithinPasswordSetWindow(issued, issued + 15 * 60_000 + 1)).toBe(false);
  });
});
