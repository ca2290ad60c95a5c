import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';

export type SessionKind = 'public' | 'officer';

/** What the store keeps of a session: its data and its two deadlines (epoch ms). */
export interface SessionRecord {
  data: Record<string, unknown>;
  expiresAt: number;
  absoluteExpiresAt: number;
}

/** Where sessions live: the API's store (shared, persistent) or this process's memory (development and unit tests). */
export interface SessionBackend {
  readonly shared: boolean;
  load(kind: SessionKind, id: string): Promise<SessionRecord | undefined>;
  save(kind: SessionKind, id: string, record: SessionRecord): Promise<void>;
  remove(kind: SessionKind, id: string): Promise<void>;
}

/** One process's memory: a copy in, a copy out, as a real store would give. */
export class MemorySessionBackend implements SessionBackend {
  readonly shared = false;
  private readonly rows = new Map<string, string>();

  async load(kind: SessionKind, id: string): Promise<SessionRecord | undefined> {
    const raw = this.rows.get(`${kind}:${id}`);
    if (!raw) return undefined;
    const r = JSON.parse(raw) as SessionRecord;
    if (r.expiresAt <= Date.now() || r.absoluteExpiresAt <= Date.now()) {
      this.rows.delete(`${kind}:${id}`);
      return undefined;
    }
    return r;
  }

  async save(kind: SessionKind, id: string, record: SessionRecord): Promise<void> {
    if (this.rows.size > 10_000) this.sweep();
    this.rows.set(`${kind}:${id}`, JSON.stringify(record));
  }

  async remove(kind: SessionKind, id: string): Promise<void> {
    this.rows.delete(`${kind}:${id}`);
  }

  private sweep(): void {
    const now = Date.now();
    for (const [k, raw] of this.rows) {
      const r = JSON.parse(raw) as SessionRecord;
      if (r.expiresAt <= now || r.absoluteExpiresAt <= now) this.rows.delete(k);
    }
  }
}

/**
 * The API's session store (ADR 0021): `/internal/web-sessions/:kind/:id`, authenticated by
 * WEB_SESSION_STORE_KEY. Sessions survive a restart of the web pages and are shared by several
 * web instances; the web app still holds no database credentials (ADR 0015).
 */
export class ApiSessionBackend implements SessionBackend {
  readonly shared = true;

  constructor(
    private readonly apiBaseUrl: string,
    private readonly key: string,
  ) {}

  private url(kind: SessionKind, id: string): string {
    return `${this.apiBaseUrl}/internal/web-sessions/${kind}/${encodeURIComponent(id)}`;
  }

  async load(kind: SessionKind, id: string): Promise<SessionRecord | undefined> {
    const res = await fetch(this.url(kind, id), { headers: { 'X-Session-Store-Key': this.key } });
    if (res.status === 404) return undefined;
    if (!res.ok) throw new Error(`session store answered ${res.status}`);
    const body = (await res.json()) as { data: Record<string, unknown>; expiresAt: string; absoluteExpiresAt: string };
    return { data: body.data, expiresAt: Date.parse(body.expiresAt), absoluteExpiresAt: Date.parse(body.absoluteExpiresAt) };
  }

  async save(kind: SessionKind, id: string, r: SessionRecord): Promise<void> {
    const res = await fetch(this.url(kind, id), {
      method: 'PUT',
      headers: { 'X-Session-Store-Key': this.key, 'Content-Type': 'application/json' },
      body: JSON.stringify({ data: r.data, expiresAt: new Date(r.expiresAt).toISOString(), absoluteExpiresAt: new Date(r.absoluteExpiresAt).toISOString() }),
    });
    if (!res.ok) throw new Error(`session store answered ${res.status}`);
  }

  async remove(kind: SessionKind, id: string): Promise<void> {
    const res = await fetch(this.url(kind, id), { method: 'DELETE', headers: { 'X-Session-Store-Key': this.key } });
    if (!res.ok && res.status !== 404) throw new Error(`session store answered ${res.status}`);
  }
}

/** What every session has: a random id (the cookie), its CSRF token and its deadlines. */
export interface BaseSession {
  id: string;
  csrf: string;
  expiresAt: number;
  absoluteExpiresAt: number;
}

export const newSessionId = (): string => randomBytes(24).toString('base64url');

/**
 * Server-side sessions of one kind, kept in a backend. A request's session is loaded once and
 * saved before its answer ends (when it changed, or to extend its idle life), so the next
 * request, on this or another web instance, sees it.
 */
export class ServerSessions<T extends BaseSession> {
  /** The id a rotated session replaces (deleted when the new one is saved). */
  private readonly replaced = new WeakMap<T, string>();
  private readonly loaded = new WeakMap<T, string>();

  constructor(
    readonly kind: SessionKind,
    readonly backend: SessionBackend,
    readonly idleMs: number,
    readonly absoluteMs: number,
    private readonly fresh: () => Omit<T, keyof BaseSession>,
  ) {}

  async get(id: string | undefined): Promise<T | undefined> {
    if (!id || !/^[A-Za-z0-9_-]{20,64}$/.test(id)) return undefined;
    const r = await this.backend.load(this.kind, id);
    const now = Date.now();
    if (!r || r.expiresAt <= now || r.absoluteExpiresAt <= now) return undefined;
    const s = { ...r.data, id, expiresAt: r.expiresAt, absoluteExpiresAt: r.absoluteExpiresAt } as T;
    this.loaded.set(s, JSON.stringify(s));
    s.expiresAt = Math.min(now + this.idleMs, s.absoluteExpiresAt);
    return s;
  }

  create(): T {
    const now = Date.now();
    return { ...this.fresh(), id: newSessionId(), csrf: newSessionId(), expiresAt: now + this.idleMs, absoluteExpiresAt: now + this.absoluteMs } as T;
  }

  /** A new id and CSRF token for the same data (no session fixation); the old id stops working when it is saved. */
  rotate(s: T): T {
    const next = { ...s, id: newSessionId(), csrf: newSessionId() };
    this.replaced.set(next, this.replaced.get(s) ?? s.id);
    return next;
  }

  /** Saves the session if it changed or its idle life moved by more than a minute. */
  async save(s: T): Promise<void> {
    const old = this.replaced.get(s);
    const before = this.loaded.get(s);
    if (before && !old) {
      const prev = JSON.parse(before) as T;
      const same = JSON.stringify({ ...prev, expiresAt: 0 }) === JSON.stringify({ ...s, expiresAt: 0 });
      if (same && s.expiresAt - prev.expiresAt < 60_000) return;
    }
    const { id, expiresAt, absoluteExpiresAt, ...rest } = s;
    await this.backend.save(this.kind, id, { data: rest as Record<string, unknown>, expiresAt, absoluteExpiresAt });
    this.loaded.set(s, JSON.stringify(s));
    if (old) {
      this.replaced.delete(s);
      await this.backend.remove(this.kind, old);
    }
  }

  async destroy(id: string): Promise<void> {
    await this.backend.remove(this.kind, id);
  }
}

export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) {
      try {
        return decodeURIComponent(v.join('='));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/**
 * Holds the answer's end until the request's session is saved: the redirect that follows a
 * POST must find what that POST stored.
 */
export function saveBeforeEnd(res: Response, save: () => Promise<void>, onError: (err: unknown) => void): void {
  const end = res.end.bind(res) as (...args: unknown[]) => Response;
  let ending = false;
  res.end = ((...args: unknown[]) => {
    if (ending) return res;
    ending = true;
    save()
      .catch(onError)
      .finally(() => end(...args));
    return res;
  }) as Response['end'];
}

/** Compares the form's CSRF token with the session's in constant time. */
export function csrfMatches(req: Request, expected: string): boolean {
  const given = Buffer.from(String((req.body as Record<string, unknown> | undefined)?.['_csrf'] ?? ''));
  const want = Buffer.from(expected);
  return given.length === want.length && given.length > 0 && timingSafeEqual(given, want);
}
