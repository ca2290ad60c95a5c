import { SqlRepository } from '../sql/sql-repository';

/** An officer as the identity provider's claims described them at their last sign-in. */
export interface OfficerDirectoryEntry {
  officerId: string;
  name: string;
  role: string;
  agencyId?: string | null;
  province?: string | null;
}

export interface OfficerDirectoryRow extends OfficerDirectoryEntry {
  agencyId: string | null;
  province: string | null;
  lastSeenAt: string;
}

const COLUMNS = `officer_id AS "officerId", name, role, agency_id AS "agencyId", province, last_seen_at AS "lastSeenAt"`;

/**
 * Who the officers are, by name (migration 1700000002200): written when an officer signs in (the
 * provider's `name`, `role`, `agency_id`, `province` claims), read wherever a page names a holder
 * or an actor. An officer who never signed in is not in it: callers show the id's fallback.
 */
export class OfficerDirectoryRepository extends SqlRepository {
  /** Records (or refreshes) an officer's name, role and scope. */
  async upsert(e: OfficerDirectoryEntry): Promise<void> {
    await this.db.query(
      `INSERT INTO officer_directory (officer_id, name, role, agency_id, province) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (officer_id) DO UPDATE SET name = EXCLUDED.name, role = EXCLUDED.role, agency_id = EXCLUDED.agency_id,
         province = EXCLUDED.province, last_seen_at = now()`,
      [e.officerId, e.name.slice(0, 200), e.role, e.agencyId ?? null, e.province ?? null],
    );
  }

  /** The display names of the officers among `ids` that the directory knows. */
  async namesOf(ids: readonly string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids.filter((id) => typeof id === 'string' && id.length > 0))];
    if (unique.length === 0) return new Map();
    const rows = await this.query<{ officerId: string; name: string }>(
      `SELECT officer_id AS "officerId", name FROM officer_directory WHERE officer_id = ANY($1::text[])`,
      [unique],
    );
    return new Map(rows.map((r) => [r.officerId, r.name]));
  }

  /** The entries of the officers among `ids` that the directory knows (name, role and scope: "Ana Pérez (gestora, UIO-NORTE)"). */
  async entriesOf(ids: readonly string[]): Promise<Map<string, OfficerDirectoryRow>> {
    const unique = [...new Set(ids.filter((id) => typeof id === 'string' && id.length > 0))];
    if (unique.length === 0) return new Map();
    const rows = await this.query<OfficerDirectoryRow>(`SELECT ${COLUMNS} FROM officer_directory WHERE officer_id = ANY($1::text[])`, [unique]);
    return new Map(rows.map((r) => [r.officerId, r]));
  }

  async byId(officerId: string): Promise<OfficerDirectoryRow | undefined> {
    const rows = await this.query<OfficerDirectoryRow>(`SELECT ${COLUMNS} FROM officer_directory WHERE officer_id = $1`, [officerId]);
    return rows[0];
  }

  /** The officers of one agency (optionally of some roles), by name. */
  async ofAgency(agencyId: string, roles?: readonly string[]): Promise<OfficerDirectoryRow[]> {
    return this.query<OfficerDirectoryRow>(
      `SELECT ${COLUMNS} FROM officer_directory WHERE agency_id = $1 AND ($2::text[] IS NULL OR role = ANY($2::text[])) ORDER BY name, officer_id`,
      [agencyId, roles ? [...roles] : null],
    );
  }
}
