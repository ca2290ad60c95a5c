import { SessionStore } from './session';

describe('server-side sessions', () => {
  it('hands out random ids and CSRF tokens, finds a session by id, and forgets it after its idle life', () => {
    const store = new SessionStore(50);
    const a = store.create();
    const b = store.create();
    expect(a.id).not.toBe(b.id);
    expect(a.csrf).not.toBe(a.id);
    expect(a.id).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(store.get(a.id)).toBe(a);
    expect(store.get(undefined)).toBeUndefined();
    expect(store.get('otro')).toBeUndefined();
    a.expiresAt = Date.now() - 1;
    expect(store.get(a.id)).toBeUndefined();
  });

  it('rotates the id and the CSRF token when the case token is handed out (the old id no longer works)', () => {
    const store = new SessionStore(60_000);
    const s = store.create();
    s.booking.email = 'ana@example.ec';
    const next = store.rotate(s);
    expect(next.id).not.toBe(s.id);
    expect(next.csrf).not.toBe(s.csrf);
    expect(next.booking.email).toBe('ana@example.ec');
    expect(store.get(s.id)).toBeUndefined();
    expect(store.get(next.id)).toBe(next);
  });
});
