import { Injectable, Logger } from '@nestjs/common';
import { OfficerDirectoryRepository } from '@tramites/persistence';
import type { Principal } from './principal';

/** How many officers' last-written entries a process remembers before it forgets them all. */
const REMEMBERED = 10_000;

/**
 * Keeps the officers' directory (migration 1700000002200) up to date from the provider's claims:
 * written when the web pages record a sign-in (POST /internal/officer-access) and, for a token
 * that carries `name`, at the officer's first call after a change of name, role or scope (once per
 * process, not per request). The directory names holders and actors on every page (ADR 0022).
 */
@Injectable()
export class OfficerDirectoryService {
  private readonly logger = new Logger('officer-directory');
  private readonly written = new Map<string, string>();

  constructor(private readonly directory: OfficerDirectoryRepository) {}

  /** Records the officer's claims when they differ from what this process last wrote. */
  async seen(p: Pick<Principal, 'sub' | 'role' | 'name' | 'agencyId' | 'province'>): Promise<void> {
    if (!p.name || p.role === 'applicant') return;
    const entry = { officerId: p.sub, name: p.name, role: p.role, agencyId: p.agencyId ?? null, province: p.province ?? null };
    const key = JSON.stringify(entry);
    if (this.written.get(p.sub) === key) return;
    try {
      await this.directory.upsert(entry);
      if (this.written.size >= REMEMBERED) this.written.clear();
      this.written.set(p.sub, key);
    } catch (err) {
      // The directory only names people: a failed write never refuses the officer's call.
      this.logger.warn(`officer directory not updated: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Display names of the officers among `ids` (those the directory knows). */
  namesOf(ids: readonly string[]): Promise<Map<string, string>> {
    return this.directory.namesOf(ids);
  }
}
