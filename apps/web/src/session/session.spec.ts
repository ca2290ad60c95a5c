import { MemorySessionBackend } from './session-backend';
import { SessionStore } from './session';

describe('server-side sessions', () => {
  it('hands out random ids and CSRF tokens, finds a saved session by id, and forgets it after its idle life', async () => {
    const store = new SessionStore(50, new MemorySessionBackend());
    const a = store.create();
    const b = store.create();
    expect(a.id).not.toBe(b.id);
    expect(a.csrf).not.toBe(a.id);
    expect(a.id).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(await store.get(a.id)).toBeUndefined(); // not saved yet
    a.booking.email = 'ana@example.ec';
    await store.save(a);
    expect((await store.get(a.id))?.booking.email).toBe('ana@example.ec');
    expect(await store.get(undefined)).toBeUndefined();
    expect(await store.get('otro')).toBeUndefined();
    a.expiresAt = Date.now() - 1;
    a.booking.email = 'otra@example.ec';
    await store.save(a);
    expect(await store.get(a.id)).toBeUndefined();
  });

  it('rotates the id and the CSRF token when the case token is handed out (the old id no longer works once saved)', async () => {
    const store = new SessionStore(60_000, new MemorySessionBackend());
    const s = store.create();
    s.booking.email = 'ana@example.ec';
    await store.save(s);
    const next = store.rotate(s);
    expect(next.id).not.toBe(s.id);
    expect(next.csrf).not.toBe(s.csrf);
    expect(next.booking.email).toBe('ana@example.ec');
    await store.save(next);
    expect(await store.get(s.id)).toBeUndefined();
    expect((await store.get(next.id))?.booking.email).toBe('ana@example.ec');
  });

  it('keeps the public and the officers sessions apart: an id is found only under its own kind', async () => {
    const backend = new MemorySessionBackend();
    const store = new SessionStore(60_000, backend);
    const s = store.create();
    await store.save(s);
    expect(await backend.load('officer', s.id)).toBeUndefined();
    expect(await backend.load('public', s.id)).toBeDefined();
  });
});
