import { randomBytes, timingSafeEqual } from 'node:crypto';
import { WEB_STORE_SIGNING_KEY_INFO } from '@tramites/contracts';
import type { Request, Response } from 'express';
import { deriveStoreKey, SessionSealer, signedStoreHeaders } from './store-crypto';
import { recordApiCall } from '../api/server-timing';

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
 * The web process's calls to the API's internal routes (ADR 0021): each one signed with a key
 * derived from WEB_SESSION_STORE_KEY (store-crypto.ts); the key itself never leaves this process.
 */
export class InternalApi {
  private readonly signingKey: Buffer;
  /** The last moment signed: each call gets a later one, so two identical calls never share a signature (the API takes each once). */
  private lastSigned = 0;

  constructor(
    private readonly apiBaseUrl: string,
    secret: string,
  ) {
    this.signingKey = deriveStoreKey(secret, WEB_STORE_SIGNING_KEY_INFO);
  }

  fetch(method: 'GET' | 'PUT' | 'DELETE' | 'POST', path: string, body?: unknown): Promise<globalThis.Response> {
    const json = body === undefined ? undefined : JSON.stringify(body);
    this.lastSigned = Math.max(Date.now(), this.lastSigned + 1);
    const started = performance.now();
    const answered = fetch(`${this.apiBaseUrl}${path}`, {
      method,
      headers: {
        ...signedStoreHeaders(this.signingKey, method, path, json, this.lastSigned),
        ...(json === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(json === undefined ? {} : { body: json }),
    });
    // The page's Server-Timing entry (server-timing.ts): the store's route template (every path here is
    // `/internal/web-sessions/:kind/:id`), so no session id, whatever its length, leaves in the header.
    const template = path.replace(/\?.*$/, '').replace(/^(\/internal\/web-sessions\/[^/]+)\/.+$/, '$1/{id}');
    const done = (): void => recordApiCall(method, template, performance.now() - started);
    void answered.then(done, done);
    return answered;
  }
}

/** Sessions whose newest generation a web process remembers (ApiSessionBackend). */
const MAX_KNOWN_GENERATIONS = 100_000;

/**
 * The API's session store (ADR 0021): `/internal/web-sessions/:kind/:id`, called with signed
 * requests. Sessions survive a restart of the web pages and are shared by several web
 * instances; the web app still holds no database credentials (ADR 0015). What the store keeps
 * is sealed here (AES-256-GCM, the kind and id bound): the API and its database never see a
 * session's answers or tokens.
 */
export class ApiSessionBackend implements SessionBackend {
  readonly shared = true;
  private readonly api: InternalApi;
  private readonly sealer: SessionSealer;
  /**
   * The newest generation this process sealed or opened for each session (Infinity once it removed
   * it): a sealed value older than that, put back in the store (say, a copy taken before a sign-out),
   * does not open. Kept per web process, at most MAX_KNOWN_GENERATIONS sessions (oldest dropped):
   * another web instance, or this one after a restart, judges by the sealed deadlines alone.
   */
  private readonly newest = new Map<string, number>();

  constructor(apiBaseUrl: string, secret: string) {
    this.api = new InternalApi(apiBaseUrl, secret);
    this.sealer = SessionSealer.fromSecret(secret);
  }

  private path(kind: SessionKind, id: string): string {
    return `/internal/web-sessions/${kind}/${encodeURIComponent(id)}`;
  }

  async load(kind: SessionKind, id: string): Promise<SessionRecord | undefined> {
    const res = await this.api.fetch('GET', this.path(kind, id));
    if (res.status === 404) return undefined;
    if (!res.ok) throw new Error(`session store answered ${res.status}`);
    const body = (await res.json()) as { sealed: string; expiresAt: string; absoluteExpiresAt: string };
    // Sealed under another key (rotated) or another id: no session, as if it had expired.
    const opened = this.sealer.open(kind, id, String(body.sealed));
    if (!opened) return undefined;
    // Older than what this process already sealed or saw for the session (or removed): put back, refused.
    const known = this.newest.get(`${kind}:${id}`);
    if (known !== undefined && opened.generation < known) return undefined;
    this.remember(kind, id, opened.generation);
    // The deadlines are those sealed; the store's columns (which its writer controls) can only shorten them.
    const stored = (iso: string): number => (Number.isFinite(Date.parse(iso)) ? Date.parse(iso) : Number.POSITIVE_INFINITY);
    return {
      data: opened.data,
      expiresAt: Math.min(opened.expiresAt, stored(body.expiresAt)),
      absoluteExpiresAt: Math.min(opened.absoluteExpiresAt, stored(body.absoluteExpiresAt)),
    };
  }

  async save(kind: SessionKind, id: string, r: SessionRecord): Promise<void> {
    const generation = Math.max(Date.now(), (this.newest.get(`${kind}:${id}`) ?? 0) + 1);
    const res = await this.api.fetch('PUT', this.path(kind, id), {
      sealed: this.sealer.seal(kind, id, { data: r.data, expiresAt: r.expiresAt, absoluteExpiresAt: r.absoluteExpiresAt, generation }),
      expiresAt: new Date(r.expiresAt).toISOString(),
      absoluteExpiresAt: new Date(r.absoluteExpiresAt).toISOString(),
    });
    if (!res.ok) throw new Error(`session store answered ${res.status}`);
    this.remember(kind, id, generation);
  }

  async remove(kind: SessionKind, id: string): Promise<void> {
    const res = await this.api.fetch('DELETE', this.path(kind, id));
    if (!res.ok && res.status !== 404) throw new Error(`session store answered ${res.status}`);
    this.remember(kind, id, Number.POSITIVE_INFINITY);
  }

  private remember(kind: SessionKind, id: string, generation: number): void {
    const key = `${kind}:${id}`;
    this.newest.delete(key);
    this.newest.set(key, generation);
    if (this.newest.size > MAX_KNOWN_GENERATIONS) {
      const oldest = this.newest.keys().next().value;
      if (oldest !== undefined) this.newest.delete(oldest);
    }
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
  /** Sessions made by create() for a request and not stored yet. */
  private readonly created = new WeakSet<T>();

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
    const s = { ...this.fresh(), id: newSessionId(), csrf: newSessionId(), expiresAt: now + this.idleMs, absoluteExpiresAt: now + this.absoluteMs } as T;
    this.created.add(s);
    return s;
  }

  /**
   * Whether a request's session is to be stored (ADR 0021): one loaded or rotated always is; one
   * made for this request only when it holds something or the answer hands out its CSRF token
   * (a form to post back). A plain GET of a page leaves no row and no cookie.
   */
  worthKeeping(s: T, answer: unknown): boolean {
    if (!this.created.has(s)) return true;
    const { id: _id, csrf, expiresAt: _e, absoluteExpiresAt: _a, ...data } = s;
    if (JSON.stringify(data) !== JSON.stringify(this.fresh())) return true;
    const text = typeof answer === 'string' ? answer : Buffer.isBuffer(answer) ? answer.toString('latin1') : '';
    return text.includes(csrf);
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
    this.created.delete(s);
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

/** True when the answer already sets cookie `name` to `value` (a controller that rotated the session set it). */
export function setsCookie(res: Response, name: string, value: string): boolean {
  const header = res.getHeader('Set-Cookie');
  const all = Array.isArray(header) ? header : header === undefined ? [] : [String(header)];
  return all.some((c) => c.startsWith(`${name}=${encodeURIComponent(value)};`));
}

/**
 * Holds the answer's end until the request's session is saved: the redirect that follows a
 * POST must find what that POST stored. `save` is given the answer's body (the first argument
 * of `res.end`), to see whether it hands out the session's CSRF token.
 */
export function saveBeforeEnd(res: Response, save: (answer: unknown) => Promise<void>, onError: (err: unknown) => void): void {
  const end = res.end.bind(res) as (...args: unknown[]) => Response;
  let ending = false;
  res.end = ((...args: unknown[]) => {
    if (ending) return res;
    ending = true;
    save(args[0])
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
