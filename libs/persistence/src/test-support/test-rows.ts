import type { DataSource } from 'typeorm';

/**
 * Test support (libs/testing and test/ only): the registry rows a test needs that no process writes
 * (IESS's registries, a slot starting now), the rows an audit of finished cases reads, and the rows
 * the suites assert on. Here so that SQL stays in libs/persistence (ADR 0019).
 */
export class TestRows {
  constructor(private readonly db: DataSource) {}

  async insertAffiliate(a: { identityNumber: string; fullName: string; birthDate: string; email: string }): Promise<void> {
    await this.db.query('INSERT INTO affiliates (identity_number, full_name, birth_date, email) VALUES ($1, $2, $3, $4)', [
      a.identityNumber,
      a.fullName,
      a.birthDate,
      a.email,
    ]);
  }

  async insertWorkHistory(identityNumber: string, h: { employerRuc: string; employerName: string; startedOn: string }): Promise<void> {
    await this.db.query('INSERT INTO affiliate_work_history (identity_number, employer_ruc, employer_name, started_on) VALUES ($1, $2, $3, $4)', [
      identityNumber,
      h.employerRuc,
      h.employerName,
      h.startedOn,
    ]);
  }

  /** An affiliate's credential from an earlier generation (400 days ago), with its personal answers. */
  async insertEarlierCredential(holderId: string, passwordHash: string, answers: Array<{ questionId: string; hash: string }>): Promise<void> {
    await this.db.query(
      `INSERT INTO portal_credentials (holder_kind, holder_id, password_hash, password_set_at, security_answers)
       VALUES ('affiliate', $1, $2, now() - interval '400 days', $3)`,
      [holderId, passwordHash, JSON.stringify(answers)],
    );
  }

  async insertEmployer(e: {
    id: string;
    idType: string;
    name: string;
    province: string;
    email: string;
    legalRepIdentity: string;
    legalRepName: string;
    isArtisan?: boolean;
    keyRequestNumber?: string | null;
  }): Promise<void> {
    await this.db.query(
      `INSERT INTO employers (id, id_type, name, province, email, legal_rep_identity, legal_rep_name, is_artisan, key_request_number, key_request_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $9::text IS NULL THEN NULL ELSE now() END)`,
      [e.id, e.idType, e.name, e.province, e.email, e.legalRepIdentity, e.legalRepName, e.isArtisan ?? false, e.keyRequestNumber ?? null],
    );
  }

  /** A slot of the agency starting `minutes` from now (to the minute); `capacity` more seats when it exists. Its id. */
  async slotStartingIn(agencyId: string, minutes: number, capacity: number): Promise<string> {
    const [row] = (await this.db.query(
      `INSERT INTO appointment_slots (id, agency_id, starts_at, capacity)
       VALUES (gen_random_uuid(), $1, date_trunc('minute', now()) + make_interval(mins => $2), $3)
       ON CONFLICT (agency_id, starts_at) DO UPDATE SET capacity = appointment_slots.capacity + EXCLUDED.capacity
       RETURNING id`,
      [agencyId, minutes, capacity],
    )) as Array<{ id: string }>;
    if (!row) throw new Error(`no slot for ${agencyId}`);
    return row.id;
  }

  /** The cases' e-mails in the outbox. */
  outbox(caseIds: readonly string[]): Promise<Array<{ case_id: string; status: string; message_id: string }>> {
    return this.db.query('SELECT case_id::text, status, message_id FROM email_outbox WHERE case_id = ANY($1)', [caseIds]);
  }

  /** Per case: its events, distinct seqs and highest seq in the log. */
  eventCounts(caseIds: readonly string[]): Promise<Array<{ case_id: string; n: number; seqs: number; last: number }>> {
    return this.db.query(
      `SELECT case_id::text, count(*)::int AS n, count(DISTINCT seq)::int AS seqs, max(seq)::int AS last
       FROM case_events WHERE case_id = ANY($1) GROUP BY case_id`,
      [caseIds],
    );
  }

  /** The cases' rows of the read model. */
  readModel(caseIds: readonly string[]): Promise<Array<{ id: string; status: string; last_event_seq: number }>> {
    return this.db.query('SELECT id::text, status, last_event_seq FROM cases WHERE id = ANY($1)', [caseIds]);
  }

  /** The foreigner codes on file for the cases. */
  foreignerCodes(caseIds: readonly string[]): Promise<Array<{ case_id: string; code: string }>> {
    return this.db.query('SELECT case_id::text, code FROM foreigner_codes WHERE case_id = ANY($1)', [caseIds]);
  }

  /** The second agency of the API suites: Guayaquil's, in GUAYAS. */
  async renameAgency(agencyId: string, province: string, name: string): Promise<void> {
    await this.db.query('UPDATE agencies SET province = $2, name = $3 WHERE id = $1', [agencyId, province, name]);
  }

  /** The ids of the applicant's cases (of one procedure when given), newest first. */
  async caseIdsOf(applicantId: string, procedure?: string): Promise<string[]> {
    const rows = (await this.db.query(
      `SELECT id::text FROM cases WHERE applicant_id = $1 AND ($2::text IS NULL OR procedure_type = $2) ORDER BY created_at DESC, id`,
      [applicantId, procedure ?? null],
    )) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  /** The applicant's newest case (of one procedure when given); throws when there is none. */
  async caseIdOf(applicantId: string, procedure?: string): Promise<string> {
    const [id] = await this.caseIdsOf(applicantId, procedure);
    if (!id) throw new Error(`no case of ${applicantId}`);
    return id;
  }

  async complaintCount(caseId: string): Promise<number> {
    const [row] = (await this.db.query('SELECT count(*)::int AS n FROM complaints WHERE case_id = $1', [caseId])) as Array<{ n: number }>;
    return row?.n ?? 0;
  }

  /** The case's issued document (undefined before issuance). */
  async issuedDocument(caseId: string): Promise<{ verification_number: string; sha256: string; statement: string } | undefined> {
    const [row] = (await this.db.query('SELECT verification_number, sha256, statement FROM issued_documents WHERE case_id = $1', [caseId])) as Array<{
      verification_number: string;
      sha256: string;
      statement: string;
    }>;
    return row;
  }

  /** The holder's portal credential (undefined when none was set). */
  async portalCredential(holderKind: 'affiliate' | 'employer', holderId: string): Promise<{ password_hash: string; security_answers: unknown } | undefined> {
    const [row] = (await this.db.query('SELECT password_hash, security_answers FROM portal_credentials WHERE holder_kind = $1 AND holder_id = $2', [
      holderKind,
      holderId,
    ])) as Array<{ password_hash: string; security_answers: unknown }>;
    return row;
  }

  /** Whether the poder waits in the legal inbox (its review is pending). */
  async poderReviewPending(poderId: string): Promise<boolean> {
    const rows = (await this.db.query(`SELECT 1 FROM poder_reviews WHERE poder_id = $1 AND status = 'pending'`, [poderId])) as unknown[];
    return rows.length > 0;
  }
}
