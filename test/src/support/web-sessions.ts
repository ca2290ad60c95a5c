import { BackOfficeTestRows } from '@tramites/persistence';
import { SessionSealer } from '@tramites/web';
import type { DataSource } from 'typeorm';

/** WEB_SESSION_STORE_KEY of the browser suites: the web pages keep their sessions in the API's store, as in production (ADR 0021). */
export const TEST_WEB_SESSION_STORE_KEY = 'test-web-session-store-key-0123456789abcdef';

/** A stored web session as the web reads it (opened with the suite's key), or undefined when there is no row or it does not open. */
export async function openStoredSession(
  db: DataSource,
  sessionId: string,
  key = TEST_WEB_SESSION_STORE_KEY,
): Promise<{ kind: string; sealed: string; data: Record<string, unknown> | undefined } | undefined> {
  const row = await new BackOfficeTestRows(db).sealedSession(sessionId);
  if (!row) return undefined;
  return { ...row, data: SessionSealer.fromSecret(key).open(row.kind, sessionId, row.sealed) };
}

/** The officer typed their password at the provider `seconds` ago (the session's `authTime`): a poder decision then asks again. */
export async function backdateAuthTime(db: DataSource, sessionId: string, seconds: number, key = TEST_WEB_SESSION_STORE_KEY): Promise<void> {
  const stored = await openStoredSession(db, sessionId, key);
  if (!stored?.data) throw new Error(`no officer session ${sessionId.slice(0, 4)}… to backdate`);
  const data = { ...stored.data, authTime: Math.floor(Date.now() / 1000) - seconds };
  await new BackOfficeTestRows(db).replaceSealedSession(sessionId, SessionSealer.fromSecret(key).seal(stored.kind, sessionId, data));
}
