import type { Request } from 'express';
import type { Officer } from './officer-session';

export type OfficerAccessEvent = 'sign_in' | 'sign_in_failed' | 'sign_out' | 'reauthenticated' | 'access_refused';

/**
 * Every sign-in, failed sign-in, sign-out, re-authentication and refused access of the
 * officers' pages: one structured log line here and a row in the API's officer_access_log
 * (GET /audit/officer-access), which the auditor reads.
 */
export class OfficerAccessLog {
  constructor(
    private readonly apiBaseUrl: string,
    private readonly storeKey: string | undefined,
  ) {}

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
    process.stdout.write(
      `${JSON.stringify({ level: event === 'sign_in' || event === 'sign_out' || event === 'reauthenticated' ? 'info' : 'warn', time: new Date().toISOString(), component: 'web-officer-access', ...entry })}\n`,
    );
    if (!this.storeKey) return;
    try {
      const res = await fetch(`${this.apiBaseUrl}/internal/officer-access`, {
        method: 'POST',
        headers: { 'X-Session-Store-Key': this.storeKey, 'Content-Type': 'application/json' },
        body: JSON.stringify(entry),
      });
      if (!res.ok) process.stderr.write(`web: the officer access log answered ${res.status}\n`);
    } catch (err) {
      process.stderr.write(`web: the officer access log is unreachable: ${err instanceof Error ? err.message : String(err)}\n`);
    }
  }
}
