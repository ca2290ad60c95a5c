import { SqlRepository } from '../sql/sql-repository';

/** How many of something a procedure had in a month (1..12) of the local calendar. */
export interface MonthlyCount {
  procedure: string;
  month: number;
  n: number;
}

/**
 * Complaints (table complaints, written by the API only) and the transparency figures,
 * counted from the complaints and from the event log's closing events with the read model.
 */
export class TransparencyRepository extends SqlRepository {
  /** Files a complaint on a case the read model knows (undefined: it does not). */
  async fileComplaint(c: {
    id: string;
    caseId: string;
    filedBy: string;
    role: string;
    description: string;
  }): Promise<{ procedureType: string; filedAt: Date } | undefined> {
    const [row] = (await this.db.query(
      `INSERT INTO complaints (id, case_id, procedure_type, filed_by, role, description)
       SELECT $1, c.id, c.procedure_type, $3, $4, $5 FROM cases c WHERE c.id = $2
       RETURNING procedure_type, filed_at`,
      [c.id, c.caseId, c.filedBy, c.role, c.description],
    )) as Array<{ procedure_type: string; filed_at: Date }>;
    return row && { procedureType: row.procedure_type, filedAt: row.filed_at };
  }

  /**
   * Cases closed in [from, to) by procedure and month in `timeZone`: a case counts once, at its
   * first event of `closingTypes` whose data.status is one of `statuses`.
   */
  async closedByMonth(q: {
    closingTypes: readonly string[];
    statuses: readonly string[];
    from: string;
    to: string;
    timeZone: string;
  }): Promise<MonthlyCount[]> {
    return this.db.query(
      `WITH closing AS (
         SELECT DISTINCT ON (e.case_id) e.case_id, e.occurred_at
           FROM case_events e
          WHERE e.type = ANY($1::text[])
            AND e.data->>'status' = ANY($2::text[])
            AND e.occurred_at >= $3::timestamptz AND e.occurred_at < $4::timestamptz
          ORDER BY e.case_id, e.seq
       )
       SELECT c.procedure_type AS procedure,
              EXTRACT(MONTH FROM closing.occurred_at AT TIME ZONE $5::text)::int AS month,
              count(*)::int AS n
         FROM closing JOIN cases c ON c.id = closing.case_id
        GROUP BY 1, 2`,
      [q.closingTypes, q.statuses, q.from, q.to, q.timeZone],
    );
  }

  /** Complaints filed in [from, to) by procedure and month in `timeZone`. */
  async complaintsByMonth(q: { from: string; to: string; timeZone: string }): Promise<MonthlyCount[]> {
    return this.db.query(
      `SELECT procedure_type AS procedure,
              EXTRACT(MONTH FROM filed_at AT TIME ZONE $3::text)::int AS month,
              count(*)::int AS n
         FROM complaints
        WHERE filed_at >= $1::timestamptz AND filed_at < $2::timestamptz
        GROUP BY 1, 2`,
      [q.from, q.to, q.timeZone],
    );
  }
}
