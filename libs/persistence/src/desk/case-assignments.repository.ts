import { SqlRepository } from '../sql/sql-repository';

export interface Assignment {
  caseId: string;
  officerId: string;
  agencyId: string;
  assignedAt: Date;
}

/** Who changed a claim: the officer and their role. */
export interface AssignmentActor {
  id: string;
  role: string;
}

export type AssignmentLogAction = 'claim' | 'release' | 'reassign';

/** One change of a case's claim, as the auditor reads it. */
export interface AssignmentLogRow {
  id: string;
  at: Date;
  caseId: string;
  agencyId: string;
  action: AssignmentLogAction;
  actorId: string;
  actorRole: string;
  fromOfficer: string | null;
  toOfficer: string | null;
  reason: string | null;
}

export interface AssignmentLogQuery {
  caseId?: string;
  agencyId?: string;
  /** Rows that name this officer as actor, previous or new holder. */
  officerId?: string;
  /** Keyset: rows older than this id. */
  before?: string;
  limit: number;
}

type AssignmentRow = { case_id: string; officer_id: string; agency_id: string; assigned_at: Date };
const toAssignment = (r: AssignmentRow): Assignment => ({ caseId: r.case_id, officerId: r.officer_id, agencyId: r.agency_id, assignedAt: r.assigned_at });

const LOG_COLUMNS = `id::text AS id, at, case_id AS "caseId", agency_id AS "agencyId", action, actor_id AS "actorId", actor_role AS "actorRole",
  from_officer AS "fromOfficer", to_officer AS "toOfficer", reason`;

/**
 * "Asignarme": one officer works a case at a time (ADR 0022, amended 2026-12-07: the claim
 * holds). Every change of hands is written to the append-only case_assignment_log in the same
 * transaction: who did it, from whom, to whom, and a supervisor's reason.
 */
export class CaseAssignmentRepository extends SqlRepository {
  /** Claims the case for the officer; returns the assignment that holds (the caller's, or someone else's). */
  async claim(caseId: string, officerId: string, agencyId: string, attempts = 3, role = 'case_manager'): Promise<{ claimed: boolean; holder: Assignment }> {
    const taken = await this.transaction(async (tx) => {
      const mine = (await tx.db.query(
        `INSERT INTO case_assignments (case_id, officer_id, agency_id) VALUES ($1, $2, $3)
         ON CONFLICT (case_id) DO UPDATE SET officer_id = case_assignments.officer_id WHERE case_assignments.officer_id = EXCLUDED.officer_id
         RETURNING case_id, officer_id, agency_id, assigned_at, (xmax = 0) AS inserted`,
        [caseId, officerId, agencyId],
      )) as Array<AssignmentRow & { inserted: boolean }>;
      const row = mine[0];
      if (row?.inserted) await tx.log({ caseId, agencyId, action: 'claim', actor: { id: officerId, role }, toOfficer: officerId });
      return row;
    });
    if (taken) return { claimed: true, holder: toAssignment(taken) };
    const held = await this.holder(caseId);
    // Released between the two statements: try again (a few times: each try is a release by someone else).
    if (!held) {
      if (attempts <= 1) throw new Error(`case ${caseId}: the assignment changed hands on every try`);
      return this.claim(caseId, officerId, agencyId, attempts - 1, role);
    }
    return { claimed: false, holder: held };
  }

  /** Releases the officer's claim; returns who still holds the case (someone else), or null. */
  async release(caseId: string, officerId: string, role = 'case_manager'): Promise<Assignment | null> {
    await this.transaction(async (tx) => {
      const gone = (await tx.db.query(`DELETE FROM case_assignments WHERE case_id = $1 AND officer_id = $2 RETURNING agency_id`, [caseId, officerId])) as [
        Array<{ agency_id: string }>,
        number,
      ];
      const agencyId = gone[0]?.[0]?.agency_id;
      if (agencyId) await tx.log({ caseId, agencyId, action: 'release', actor: { id: officerId, role }, fromOfficer: officerId });
    });
    return this.holder(caseId);
  }

  /**
   * A supervisor lets a case go, whoever holds it, with a reason; answers whom it was taken from
   * (null: nobody held it, nothing changed).
   */
  async releaseFor(caseId: string, by: AssignmentActor, reason: string): Promise<Assignment | null> {
    return this.transaction(async (tx) => {
      const [rows] = (await tx.db.query(`DELETE FROM case_assignments WHERE case_id = $1 RETURNING case_id, officer_id, agency_id, assigned_at`, [caseId])) as [
        AssignmentRow[],
        number,
      ];
      const was = rows[0];
      if (!was) return null;
      await tx.log({ caseId, agencyId: was.agency_id, action: 'release', actor: by, fromOfficer: was.officer_id, reason });
      return toAssignment(was);
    });
  }

  /**
   * A supervisor hands the case to `toOfficer` with a reason (whoever held it, or nobody); answers
   * the previous holder (null: nobody) and the new assignment. Handing it to its holder changes nothing.
   */
  async reassign(
    caseId: string,
    agencyId: string,
    toOfficer: string,
    by: AssignmentActor,
    reason: string,
  ): Promise<{ previous: Assignment | null; holder: Assignment; changed: boolean }> {
    return this.transaction(async (tx) => {
      const before = (await tx.db.query(`SELECT case_id, officer_id, agency_id, assigned_at FROM case_assignments WHERE case_id = $1 FOR UPDATE`, [
        caseId,
      ])) as AssignmentRow[];
      const previous = before[0] ? toAssignment(before[0]) : null;
      if (previous?.officerId === toOfficer) return { previous, holder: previous, changed: false };
      const rows = (await tx.db.query(
        `INSERT INTO case_assignments (case_id, officer_id, agency_id) VALUES ($1, $2, $3)
         ON CONFLICT (case_id) DO UPDATE SET officer_id = EXCLUDED.officer_id, agency_id = EXCLUDED.agency_id, assigned_at = now()
         RETURNING case_id, officer_id, agency_id, assigned_at`,
        [caseId, toOfficer, agencyId],
      )) as AssignmentRow[];
      await tx.log({ caseId, agencyId, action: 'reassign', actor: by, fromOfficer: previous?.officerId ?? null, toOfficer, reason });
      return { previous, holder: toAssignment(rows[0] as AssignmentRow), changed: true };
    });
  }

  async holder(caseId: string): Promise<Assignment | null> {
    const rows = (await this.db.query(`SELECT case_id, officer_id, agency_id, assigned_at FROM case_assignments WHERE case_id = $1`, [
      caseId,
    ])) as AssignmentRow[];
    return rows[0] ? toAssignment(rows[0]) : null;
  }

  /** The holders of several cases (those that have one). */
  async holders(caseIds: readonly string[]): Promise<Map<string, Assignment>> {
    if (caseIds.length === 0) return new Map();
    const rows = (await this.db.query(`SELECT case_id, officer_id, agency_id, assigned_at FROM case_assignments WHERE case_id = ANY($1::uuid[])`, [
      [...caseIds],
    ])) as AssignmentRow[];
    return new Map(rows.map((r) => [r.case_id, toAssignment(r)]));
  }

  private async log(e: {
    caseId: string;
    agencyId: string;
    action: AssignmentLogAction;
    actor: AssignmentActor;
    fromOfficer?: string | null;
    toOfficer?: string | null;
    reason?: string | null;
  }): Promise<void> {
    await this.db.query(
      `INSERT INTO case_assignment_log (case_id, agency_id, action, actor_id, actor_role, from_officer, to_officer, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [e.caseId, e.agencyId, e.action, e.actor.id, e.actor.role, e.fromOfficer ?? null, e.toOfficer ?? null, e.reason?.slice(0, 500) ?? null],
    );
  }

  /** The changes of hands, newest first (keyset by id). */
  async history(q: AssignmentLogQuery): Promise<AssignmentLogRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, v: unknown): void => {
      params.push(v);
      where.push(sql.replaceAll('?', `$${params.length}`));
    };
    if (q.caseId) add('case_id = ?', q.caseId);
    if (q.agencyId) add('agency_id = ?', q.agencyId);
    if (q.officerId) add('(actor_id = ? OR from_officer = ? OR to_officer = ?)', q.officerId);
    if (q.before) add('id < ?', q.before);
    return this.query<AssignmentLogRow>(
      `SELECT ${LOG_COLUMNS} FROM case_assignment_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ${Math.trunc(q.limit)}`,
      params,
    );
  }
}
