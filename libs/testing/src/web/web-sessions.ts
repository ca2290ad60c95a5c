import { BackOfficeTestRows } from '../rows';
import { OfficerTokenSigner, type TestOfficer } from '../index';
import { decodeJwt } from 'jose';
import { SessionSealer, type SealedSession } from '@tramites/web';
import type { DataSource } from 'typeorm';

/** WEB_SESSION_STORE_KEY of the browser suites: the web pages keep their sessions in the API's store, as in production (ADR 0021). */
export const TEST_WEB_SESSION_STORE_KEY = 'test-web-session-store-key-0123456789abcdef';

/** A stored web session as the web reads it (opened with the suite's key), or undefined when there is no row or it does not open. */
export async function openStoredSession(
  db: DataSource,
  sessionId: string,
  key = TEST_WEB_SESSION_STORE_KEY,
): Promise<{ kind: string; sealed: string; data: Record<string, unknown> | undefined; opened: SealedSession | undefined } | undefined> {
  const row = await new BackOfficeTestRows(db).sealedSession(sessionId);
  if (!row) return undefined;
  const opened = SessionSealer.fromSecret(key).open(row.kind, sessionId, row.sealed);
  return { ...row, data: opened?.data, opened };
}

/** The stored session sealed again with other data, as the web would seal its next version (same deadlines, a later generation). */
async function resealStoredSession(
  db: DataSource,
  sessionId: string,
  change: (data: Record<string, unknown>) => Record<string, unknown>,
  key: string,
): Promise<void> {
  const stored = await openStoredSession(db, sessionId, key);
  if (!stored?.opened) throw new Error(`no session ${sessionId.slice(0, 4)}… to seal again`);
  const next: SealedSession = { ...stored.opened, data: change(stored.opened.data), generation: stored.opened.generation + 1 };
  await new BackOfficeTestRows(db).replaceSealedSession(sessionId, SessionSealer.fromSecret(key).seal(stored.kind, sessionId, next));
}

/** The officer typed their password at the provider `seconds` ago (the session's `authTime`): a poder decision then asks again. */
export async function backdateAuthTime(db: DataSource, sessionId: string, seconds: number, key = TEST_WEB_SESSION_STORE_KEY): Promise<void> {
  await resealStoredSession(db, sessionId, (data) => ({ ...data, authTime: Math.floor(Date.now() / 1000) - seconds }), key);
}

/**
 * The officer's access token in their web session replaced by one the provider issues for a
 * sign-in `seconds` ago (same officer and claims, signed with the provider's key, `auth_time`
 * back-dated; what the provider hands out when it reuses its own older sign-in): the API then
 * asks for a fresh one before a decision (AUTH.REAUTHENTICATION_REQUIRED). The session's own
 * `authTime` is left as it is (backdateAuthTime moves it).
 */
export async function backdateAccessToken(
  db: DataSource,
  sessionId: string,
  seconds: number,
  provider: { issuer: string; signingJwk: string },
  key = TEST_WEB_SESSION_STORE_KEY,
): Promise<void> {
  const stored = await openStoredSession(db, sessionId, key);
  const token = stored?.data?.['accessToken'];
  if (!stored?.data || typeof token !== 'string') throw new Error(`no officer session ${sessionId.slice(0, 4)}… with an access token`);
  const claims = decodeJwt(token);
  const officer = {
    sub: String(claims.sub),
    role: claims['role'] as TestOfficer['role'],
    ...(typeof claims['agency_id'] === 'string' ? { agencyId: claims['agency_id'] } : {}),
    ...(typeof claims['province'] === 'string' ? { province: claims['province'] } : {}),
  };
  const accessToken = await new OfficerTokenSigner(provider.issuer, provider.signingJwk).sign(officer, {
    authTime: Math.floor(Date.now() / 1000) - seconds,
  });
  await resealStoredSession(db, sessionId, (data) => ({ ...data, accessToken }), key);
}
