import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

/**
 * Test support (libs/testing and test/ only): the registry rows a test needs that no process writes
 * (IESS's registries, a slot starting now), the rows an audit of finished cases reads, and the rows
 * the suites assert on. Their SQL is the one exception to "SQL only in libs/persistence" (ADR 0025).
 */
export interface CaseRow {
  status: string;
  agency_id: string | null;
  waiting_on: string;
  deadline_at: Date | null;
  last_event_seq: number;
}

export interface CaseEventRow {
  seq: number;
  type: string;
  actor_id: string;
  actor_role: string;
  data: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

export interface OutboxTestRow {
  recipient: string;
  template: string;
  subject: string;
  status: string;
  message_id: string;
  attempts: number;
  last_error: string | null;
  sent_at: Date | null;
  failed_at: Date | null;
  sealed: boolean;
}

export class TestRows {
  constructor(private readonly db: DataSource) {}

  /** The `n` of a `SELECT count(*)::int AS n ...`. */
  private async count(sql: string, params: unknown[] = []): Promise<number> {
    const [row] = (await this.db.query(sql, params)) as Array<{ n: number }>;
    return row?.n ?? 0;
  }

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

  /**
   * A slot of the agency starting `minutes` from now (to the minute); `capacity` more seats when it
   * exists. Its id. `today`: never later than 23:59 in Guayaquil, so that a case booked on it can
   * check in now even when the run is close to local midnight (the check-in's APPOINTMENT.NOT_TODAY).
   */
  async slotStartingIn(agencyId: string, minutes: number, capacity: number, today = false): Promise<string> {
    const [row] = (await this.db.query(
      `INSERT INTO appointment_slots (id, agency_id, starts_at, capacity)
       VALUES (gen_random_uuid(), $1,
               -- LEAST skips the NULL of the CASE when the slot need not be today
               LEAST(date_trunc('minute', now()) + make_interval(mins => $2),
                     CASE WHEN $4::boolean
                          THEN (date_trunc('day', now() AT TIME ZONE 'America/Guayaquil') + interval '1 day' - interval '1 minute') AT TIME ZONE 'America/Guayaquil' END),
               $3)
       ON CONFLICT (agency_id, starts_at) DO UPDATE SET capacity = appointment_slots.capacity + EXCLUDED.capacity
       RETURNING id`,
      [agencyId, minutes, capacity, today],
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

  /** The complaints filed on the case, or on every case when none is given. */
  async complaintCount(caseId?: string): Promise<number> {
    return this.count('SELECT count(*)::int AS n FROM complaints WHERE $1::uuid IS NULL OR case_id = $1', [caseId ?? null]);
  }

  async complaint(id: string): Promise<{ filed_by: string; role: string; description: string } | undefined> {
    const [row] = (await this.db.query('SELECT filed_by, role, description FROM complaints WHERE id = $1', [id])) as Array<{
      filed_by: string;
      role: string;
      description: string;
    }>;
    return row;
  }

  /** How many cases the read model shows issued. */
  async issuedCaseCount(): Promise<number> {
    return this.count(`SELECT count(*)::int AS n FROM cases WHERE status = 'issued'`);
  }

  /** The case's row in the read model (undefined before the worker wrote it). */
  async caseRow(caseId: string): Promise<CaseRow | undefined> {
    const [row] = (await this.db.query('SELECT status, agency_id, waiting_on, deadline_at, last_event_seq FROM cases WHERE id = $1', [caseId])) as CaseRow[];
    return row;
  }

  /** The case's events in the log, by seq. */
  async caseEvents(caseId: string): Promise<CaseEventRow[]> {
    return (await this.db.query('SELECT seq, type, actor_id, actor_role, data, prev_hash, hash FROM case_events WHERE case_id = $1 ORDER BY seq', [
      caseId,
    ])) as CaseEventRow[];
  }

  /** The e-mails of one template queued for the case. */
  async outboxCount(caseId: string, template: string): Promise<number> {
    return this.count('SELECT count(*)::int AS n FROM email_outbox WHERE case_id = $1 AND template = $2', [caseId, template]);
  }

  async slot(slotId: string): Promise<{ booked: number; capacity: number } | undefined> {
    const [row] = (await this.db.query('SELECT booked, capacity FROM appointment_slots WHERE id = $1', [slotId])) as Array<{
      booked: number;
      capacity: number;
    }>;
    return row;
  }

  /** How many of a slot's seat holds (ADR 0035) are in each status. */
  async seatHolds(slotId: string): Promise<Record<string, number>> {
    const rows = (await this.db.query('SELECT status, count(*)::int AS n FROM seat_holds WHERE slot_id = $1 GROUP BY status', [slotId])) as Array<{
      status: string;
      n: number;
    }>;
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  /** The status of the case's seat (appointment). */
  /** Takes every free seat of an agency's day (Guayaquil), so that the day is full. */
  async fillDay(agencyId: string, day: string): Promise<void> {
    await this.db.query(
      `UPDATE appointment_slots SET booked = capacity WHERE agency_id = $1 AND (starts_at AT TIME ZONE 'America/Guayaquil')::date = $2::date`,
      [agencyId, day],
    );
  }

  /** Ends the seat holds of a slot (ADR 0035) now, as if their time had passed. */
  async endSeatHolds(slotId: string): Promise<void> {
    await this.db.query(`UPDATE seat_holds SET expires_at = now() WHERE slot_id = $1 AND status = 'held'`, [slotId]);
  }

  /** Makes a slot one that has just started (its seats and holds as they are). */
  async startSlotNow(slotId: string): Promise<void> {
    await this.db.query(`UPDATE appointment_slots SET starts_at = now() - interval '1 second' WHERE id = $1`, [slotId]);
  }

  /** Ends every hold of the waiting list now, as if their time had passed (the database's clock is never skipped). */
  async endWaitingListHolds(): Promise<void> {
    await this.db.query(`UPDATE waiting_list_offers SET expires_at = now() WHERE status = 'held'`);
  }

  async appointmentStatus(caseId: string): Promise<string | undefined> {
    const [row] = (await this.db.query('SELECT status FROM appointments WHERE case_id = $1', [caseId])) as Array<{ status: string }>;
    return row?.status;
  }

  /** The poder's row in the legal inbox (undefined until the review workflow wrote it). */
  async poderReview(poderId: string): Promise<{ workflow_id: string; status: string; reminded_at: Date | null; escalated_at: Date | null } | undefined> {
    const [row] = (await this.db.query('SELECT workflow_id, status, reminded_at, escalated_at FROM poder_reviews WHERE poder_id = $1', [poderId])) as Array<{
      workflow_id: string;
      status: string;
      reminded_at: Date | null;
      escalated_at: Date | null;
    }>;
    return row;
  }

  /** Foreigner codes on file for this document number. */
  async foreignerCodesForDocument(documentNumber: string): Promise<number> {
    return this.count('SELECT count(*)::int AS n FROM foreigner_codes WHERE document_number = $1', [documentNumber]);
  }

  /** Foreigner codes on file under the same person's name key as `code` (it included). */
  async foreignerCodesSameNameAs(code: string): Promise<number> {
    return this.count('SELECT count(*)::int AS n FROM foreigner_codes WHERE name_key = (SELECT name_key FROM foreigner_codes WHERE code = $1)', [code]);
  }

  /** The documents a person showed under a foreigner code, in the order shown. */
  async personDocuments(code: string): Promise<Array<{ document_type: string; document_number: string }>> {
    return (await this.db.query('SELECT document_type, document_number FROM person_documents WHERE code = $1 ORDER BY shown_at', [code])) as Array<{
      document_type: string;
      document_number: string;
    }>;
  }

  /**
   * A closed case no workflow ran (for the transparency figures): its read-model row and two events, opened 20 days
   * before `occurredAt` and closed by `type` then with `status` (zero hashes: no chain check reads it).
   */
  async insertClosedCase(id: string, procedure: string, status: string, type: string, occurredAt: string): Promise<void> {
    await this.db.query(`INSERT INTO cases (id, workflow_id, procedure_type, status, applicant_id) VALUES ($1, $2, $3, $4, 'PSYNTHETIC')`, [
      id,
      `case:${id}`,
      procedure,
      status,
    ]);
    const zero = '0'.repeat(64);
    await this.db.query(
      `INSERT INTO case_events (case_id, seq, type, actor_id, actor_role, occurred_at, data, prev_hash, hash)
       VALUES ($1, 1, 'CASE_OPENED', 'PSYNTHETIC', 'applicant', $2::timestamptz - interval '20 days', '{"status":"awaiting_verification"}', $3, $3),
              ($1, 2, $4, 'system', 'system', $2::timestamptz, $5::jsonb, $3, $3)`,
      [id, occurredAt, zero, type, JSON.stringify({ status })],
    );
  }

  /** Who did what on the case (only `actorId`'s reads when given), oldest first. */
  async accessLog(caseId: string, actorId?: string): Promise<Array<{ actor_id: string; action: string }>> {
    return (await this.db.query('SELECT actor_id, action FROM case_access_log WHERE case_id = $1 AND ($2::text IS NULL OR actor_id = $2) ORDER BY id', [
      caseId,
      actorId ?? null,
    ])) as Array<{ actor_id: string; action: string }>;
  }

  /** Who did `action` on the case, in which role (the first such entry). */
  async accessLogEntry(caseId: string, action: string): Promise<{ actor_id: string; actor_role: string } | undefined> {
    const [row] = (await this.db.query('SELECT actor_id, actor_role FROM case_access_log WHERE case_id = $1 AND action = $2 ORDER BY id', [
      caseId,
      action,
    ])) as Array<{ actor_id: string; actor_role: string }>;
    return row;
  }

  /** The codec server's log of one actor's calls, oldest first. */
  async codecAccessLog(
    actorId: string,
  ): Promise<Array<{ actor_id: string; action: string; namespace: string; workflow_id: string | null; payloads: number; key_ids: string[] }>> {
    return (await this.db.query('SELECT actor_id, action, namespace, workflow_id, payloads, key_ids FROM codec_access_log WHERE actor_id = $1 ORDER BY id', [
      actorId,
    ])) as Array<{ actor_id: string; action: string; namespace: string; workflow_id: string | null; payloads: number; key_ids: string[] }>;
  }

  /** Uploads kept for the case with this content (sha256). */
  async uploadCount(caseId: string, sha256: string): Promise<number> {
    return this.count('SELECT count(*)::int AS n FROM documents WHERE case_id = $1 AND sha256 = $2', [caseId, sha256]);
  }

  /** Uploads kept, of any case, under one of these file names. */
  async uploadsNamed(names: readonly string[]): Promise<number> {
    return this.count('SELECT count(*)::int AS n FROM documents WHERE original_name = ANY($1)', [names]);
  }

  /** The id of one of the case's uploads (undefined when it has none). */
  async anUploadOf(caseId: string): Promise<string | undefined> {
    const [row] = (await this.db.query('SELECT id FROM documents WHERE case_id = $1 LIMIT 1', [caseId])) as Array<{ id: string }>;
    return row?.id;
  }

  async followCode(challengeId: string): Promise<{ code_hash: string; case_id: string } | undefined> {
    const [row] = (await this.db.query('SELECT code_hash, case_id FROM follow_codes WHERE id = $1', [challengeId])) as Array<{
      code_hash: string;
      case_id: string;
    }>;
    return row;
  }

  /** Start requests kept (every case the API was asked to open). */
  async startRequestCount(): Promise<number> {
    return this.count('SELECT count(*)::int AS n FROM case_start_requests');
  }

  /** E-mails queued for the address. */
  async outboxCountTo(recipient: string): Promise<number> {
    return this.count('SELECT count(*)::int AS n FROM email_outbox WHERE recipient = $1', [recipient]);
  }

  /** A case of the read model with no workflow behind it (closed): what a registry row written outside a workflow names. */
  async insertCase(id: string, procedure = 'FOREIGNER_CODE'): Promise<void> {
    await this.db.query(`INSERT INTO cases (id, workflow_id, procedure_type, status, applicant_id) VALUES ($1, $2, $3, 'issued', 'PSYNTHETIC')`, [
      id,
      `case:${id}`,
      procedure,
    ]);
  }

  /** A foreigner code on file from an earlier case (a closed one of its own: a code names its case), for the registry's checks. */
  async insertForeignerCode(c: {
    code: string;
    personKey: string;
    nationality: string;
    documentType: string;
    documentNumber: string;
    birthDate: string;
    fullName: string;
    nameKey: string;
  }): Promise<void> {
    const caseId = randomUUID();
    await this.insertCase(caseId);
    await this.db.query(
      `INSERT INTO foreigner_codes (code, person_key, nationality, document_type, document_number, birth_date, full_name, case_id, name_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [c.code, c.personKey, c.nationality, c.documentType, c.documentNumber, c.birthDate, c.fullName, caseId, c.nameKey],
    );
  }

  /** What the registries know of a person (no cédula; affiliated or not). */
  async insertRegistryPerson(personKey: string, f: { hasCedula: boolean; isAffiliated: boolean }): Promise<void> {
    await this.db.query('INSERT INTO registry_persons (person_key, has_cedula, is_affiliated) VALUES ($1, $2, $3)', [personKey, f.hasCedula, f.isAffiliated]);
  }

  /** Foreigner codes on file under one of these full names. */
  async foreignerCodesNamed(fullNames: readonly string[]): Promise<number> {
    return this.count('SELECT count(*)::int AS n FROM foreigner_codes WHERE full_name = ANY($1)', [fullNames]);
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

  /** The case ids with an archived history (case_history_archive). */
  async archivedCaseIds(): Promise<string[]> {
    return ((await this.db.query('SELECT case_id::text FROM case_history_archive')) as Array<{ case_id: string }>).map((r) => r.case_id);
  }

  /** One archived history (undefined when none is archived). */
  async anArchivedHistory(): Promise<{ case_id: string; history: unknown } | undefined> {
    const [row] = (await this.db.query('SELECT case_id, history FROM case_history_archive LIMIT 1')) as Array<{ case_id: string; history: unknown }>;
    return row;
  }

  /** The runs of other workflows archived (workflow_history_archive). */
  async archivedRuns(): Promise<Array<{ workflow_id: string; workflow_type: string; run_id: string }>> {
    return (await this.db.query('SELECT workflow_id, workflow_type, run_id FROM workflow_history_archive')) as Array<{
      workflow_id: string;
      workflow_type: string;
      run_id: string;
    }>;
  }

  /** Archived histories, and cases of the read model in one of `statuses`. */
  async archiveCounts(statuses: readonly string[]): Promise<{ archived: number; closed: number }> {
    const [row] = (await this.db.query(
      `SELECT (SELECT count(*)::int FROM case_history_archive) AS archived,
              (SELECT count(*)::int FROM cases WHERE status = ANY($1)) AS closed`,
      [statuses],
    )) as Array<{ archived: number; closed: number }>;
    return row ?? { archived: 0, closed: 0 };
  }

  /** Cases in one of `statuses` with no archived history. */
  async unarchivedCases(statuses: readonly string[]): Promise<number> {
    return this.count(
      `SELECT count(*)::int AS n FROM cases c LEFT JOIN case_history_archive a ON a.case_id = c.id WHERE a.case_id IS NULL AND c.status = ANY($1)`,
      [statuses],
    );
  }

  /** The e-mail address the affiliates' registry holds for the person. */
  async affiliateEmail(identityNumber: string): Promise<string | undefined> {
    const [row] = (await this.db.query('SELECT email FROM affiliates WHERE identity_number = $1', [identityNumber])) as Array<{ email: string }>;
    return row?.email;
  }

  /** The outbox row of one e-mail (by its idempotency key), with whether its body is still sealed there. */
  async outboxRow(idempotencyKey: string): Promise<OutboxTestRow | undefined> {
    const [row] = (await this.db.query(
      `SELECT recipient, template, subject, status, message_id, attempts, last_error, sent_at, failed_at, body_sealed IS NOT NULL AS sealed
         FROM email_outbox WHERE idempotency_key = $1`,
      [idempotencyKey],
    )) as OutboxTestRow[];
    return row;
  }

  /** Everything the outbox holds of one e-mail: the row as JSON and its sealed body (null once erased). */
  async outboxRaw(idempotencyKey: string): Promise<{ json: string; body_sealed: Buffer | null } | undefined> {
    const [row] = (await this.db.query('SELECT row_to_json(o)::text AS json, body_sealed FROM email_outbox o WHERE idempotency_key = $1', [
      idempotencyKey,
    ])) as Array<{ json: string; body_sealed: Buffer | null }>;
    return row;
  }

  /** Outbox rows with this idempotency key. */
  async outboxCountByKey(idempotencyKey: string): Promise<number> {
    return this.count('SELECT count(*)::int AS n FROM email_outbox WHERE idempotency_key = $1', [idempotencyKey]);
  }

  /** Marks every pending e-mail sent (a suite's dispatcher then sends only what the test queued). */
  async markPendingEmailsSent(): Promise<void> {
    await this.db.query(`UPDATE email_outbox SET status = 'sent', sent_at = now() WHERE status = 'pending'`);
  }

  /** Makes the e-mail's next attempt due now (instead of after its back-off). */
  async makeEmailDue(idempotencyKey: string): Promise<void> {
    await this.db.query('UPDATE email_outbox SET next_attempt_at = now() WHERE idempotency_key = $1', [idempotencyKey]);
  }

  /** A read-model row no workflow wrote (PICHINCHA; `deadline` ISO or null), for list and queue suites. */
  async insertReadModelCase(c: {
    id: string;
    procedure: string;
    status: string;
    agencyId: string;
    applicantId: string;
    deadline?: string | null;
    waitingOn: string;
    holderName: string;
  }): Promise<void> {
    await this.db.query(
      `INSERT INTO cases (id, workflow_id, procedure_type, status, province, agency_id, applicant_id, deadline_at, waiting_on, holder_name)
       VALUES ($1, $2, $3, $4, 'PICHINCHA', $5, $6, $7, $8, $9)`,
      [c.id, `case:${c.id}`, c.procedure, c.status, c.agencyId, c.applicantId, c.deadline ?? null, c.waitingOn, c.holderName],
    );
  }

  /** A pending review in PICHINCHA's legal inbox, asked an hour ago and due in two days (one event), no workflow behind it. */
  async insertPendingPoderReview(r: { poderId: string; caseId: string; attorneyName: string; employerId: string }): Promise<void> {
    await this.db.query(
      `INSERT INTO poder_reviews (poder_id, case_id, province, status, requested_at, due_at, event_count, attorney_name, employer_id)
       VALUES ($1, $2, 'PICHINCHA', 'pending', now() - interval '1 hour', now() + interval '2 days', 1, $3, $4)`,
      [r.poderId, r.caseId, r.attorneyName, r.employerId],
    );
  }
}
