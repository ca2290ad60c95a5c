import type { Request } from 'express';
import type { InternalApi } from '../session/session-backend';
import type { Officer } from './officer-session';

export type OfficerAccessEvent = 'sign_in' | 'sign_in_failed' | 'sign_out' | 'reauthenticated' | 'access_refused';

/** The access-log row could not be written: the officer's sign-in, read or action does not happen (fail closed). */
export class OfficerAccessLogUnavailable extends Error {
  constructor(detail: string) {
    super(`the officer access log could not be written (${detail})`);
    this.name = 'OfficerAccessLogUnavailable';
  }
}

/**
 * Every sign-in, failed sign-in, sign-out, re-authentication and refused access of the
 * officers' pages: one structured log line here and a row in the API's officer_access_log
 * (GET /audit/officer-access), which the auditor reads. Like the codec's read log, it fails
 * closed: record() throws OfficerAccessLogUnavailable when the row was not written, and the
 * caller shows the officers' 503 page instead of going on (see failClosed in officer-auth.ts).
 */
export class OfficerAccessLog {
  constructor(private readonly api: InternalApi) {}

  async record(req: Request, event: OfficerAccessEvent, officer: Partial<Officer> | undefined, reason?: string): Promise<void> {
    const entry = {
      event,
      officerId: officer?.sub,
      role: officer?.role,
      agencyId: officer?.agencyId,
      province: officer?.province,
      path: req.originalUrl.split('?')[0],
      reason,
      clientAddress: req.ip,
    };
    let res: globalThis.Response;
    try {
      // A sign-in also carries the officer's display name, for the officers' directory (not the log line).
      const named = (event === 'sign_in' || event === 'reauthenticated') && officer?.name ? { ...entry, name: officer.name } : entry;
      res = await this.api.fetch('POST', '/internal/officer-access', named);
    } catch (err) {
      throw new OfficerAccessLogUnavailable(`unreachable: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (!res.ok) throw new OfficerAccessLogUnavailable(`answered ${res.status}`);
    process.stdout.write(
      `${JSON.stringify({ level: event === 'sign_in' || event === 'sign_out' || event === 'reauthenticated' ? 'info' : 'warn', time: new Date().toISOString(), component: 'web-officer-access', ...entry })}\n`,
    );
  }
}
