import { randomUUID } from 'node:crypto';
import type { PoderView, PowerOfAttorneyData } from '@tramites/contracts';
import { composeForeignerCode, makeReason } from '@tramites/domain';
import { PoderRepository } from '@tramites/persistence';
import { createTestDatabase, type TestDatabase } from '@tramites/testing';

/**
 * The registries of issued codes, shown documents and decided poderes (migration 1700000001950): rows
 * that tie to their case, appended and never rewritten, for the apps' role and (by trigger) for the
 * superuser too; only the poder's revocation and a new endorsement of a poder no longer in force pass.
 */
describe('registries: issued codes, shown documents and decided poderes are append-only and tied to their case', () => {
  let db: TestDatabase;
  const caseId = randomUUID();
  const code = composeForeignerCode('5550002224');
  const poderId = `1790016919001|1710034065|DEED-${caseId.slice(0, 8)}`;

  /** One statement as the apps' role (production logs the apps in as a member of tramites_app). */
  const asApp = (sql: string, params: unknown[] = []) =>
    db.dataSource.transaction(async (tx) => {
      await tx.query('SET LOCAL ROLE tramites_app');
      return tx.query(sql, params);
    });

  const codeRow = (id: string, c: string, documentNumber: string) =>
    asApp(
      `INSERT INTO foreigner_codes (code, person_key, nationality, document_type, document_number, birth_date, full_name, case_id, name_key)
       VALUES ($1, $2, 'COL', 'passport', $3, '1990-01-02', 'Ana Prueba', $4, $2)`,
      [c, `key-${documentNumber}`, documentNumber, id],
    );
  const insertCase = (id: string) =>
    asApp(`INSERT INTO cases (id, workflow_id, procedure_type, status, applicant_id) VALUES ($1, $2, 'FOREIGNER_CODE_EMPLOYMENT', 'issued', 'P1')`, [
      id,
      `case:${id}`,
    ]);
  const poder: PowerOfAttorneyData = {
    employerId: '1790016919001',
    attorneyId: '1710034065',
    attorneyName: 'Carlos Vera',
    deedNumber: `DEED-${caseId.slice(0, 8)}`,
    notary: 'Notaría Primera de Quito',
  };
  const endorsed = (forCase: string, decidedAt: string, validUntil: string): PoderView => ({
    poderId,
    caseId: forCase,
    province: 'PICHINCHA',
    status: 'endorsed',
    requestedAt: '2026-03-02T15:00:00.000Z',
    dueAt: '2026-03-05T15:00:00.000Z',
    decidedAt,
    decidedBy: { id: 'juridico-1', role: 'legal_unit', province: 'PICHINCHA' },
    validUntil,
    eventCount: 3,
  });

  beforeAll(async () => {
    db = await createTestDatabase('registries_append_only');
    await insertCase(caseId);
    await codeRow(caseId, code, 'PCOL777001');
    await asApp(`INSERT INTO person_documents (nationality, document_number, document_type, code, case_id) VALUES ('COL', 'PCOL777001', 'passport', $1, $2)`, [
      code,
      caseId,
    ]);
    // The worker's own write of an endorsement (the review's view), as tramites_app would do it.
    await new PoderRepository(db.dataSource).recordReview(endorsed(caseId, '2026-03-03T15:00:00.000Z', '2098-06-30'), poder, null);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('refuses UPDATE and DELETE of an issued code and of a shown document to the apps, and to the superuser by trigger', async () => {
    await expect(asApp(`UPDATE foreigner_codes SET full_name = 'Otra Persona' WHERE code = $1`, [code])).rejects.toThrow(
      /permission denied for table foreigner_codes/,
    );
    await expect(asApp(`DELETE FROM foreigner_codes WHERE code = $1`, [code])).rejects.toThrow(/permission denied for table foreigner_codes/);
    await expect(asApp(`UPDATE person_documents SET code = $1 WHERE document_number = 'PCOL777001'`, [code])).rejects.toThrow(
      /permission denied for table person_documents/,
    );
    await expect(asApp(`DELETE FROM person_documents WHERE code = $1`, [code])).rejects.toThrow(/permission denied for table person_documents/);
    // The owner (migrations, superuser) is refused by the trigger, even with the replication role.
    await expect(db.dataSource.query(`UPDATE foreigner_codes SET case_id = case_id WHERE code = $1`, [code])).rejects.toThrow(
      /foreigner_codes is append-only: UPDATE refused/,
    );
    await expect(db.dataSource.query(`DELETE FROM person_documents WHERE code = $1`, [code])).rejects.toThrow(
      /person_documents is append-only: DELETE refused/,
    );
    await expect(
      db.dataSource.transaction(async (tx) => {
        await tx.query(`SET LOCAL session_replication_role = replica`);
        await tx.query(`DELETE FROM person_documents WHERE code = $1`, [code]);
      }),
    ).rejects.toThrow(/append-only: DELETE refused/);
    expect(await db.dataSource.query(`SELECT full_name FROM foreigner_codes WHERE code = $1`, [code])).toEqual([{ full_name: 'Ana Prueba' }]);
  });

  it('refuses a code, a document or a poder whose case_id names no case', async () => {
    const orphan = randomUUID();
    await expect(codeRow(orphan, composeForeignerCode('5550003335'), 'PCOL777002')).rejects.toThrow(/foreigner_codes_case_fk/);
    await expect(
      asApp(`INSERT INTO person_documents (nationality, document_number, document_type, code, case_id) VALUES ('COL', 'PCOL777003', 'passport', $1, $2)`, [
        code,
        orphan,
      ]),
    ).rejects.toThrow(/person_documents_case_fk/);
    await expect(
      asApp(
        `INSERT INTO poderes (id, employer_id, attorney_id, deed_number, notary, valid_until, endorsed_by, endorsed_at, case_id)
         VALUES ('orphan-poder', '1790016919001', '1710034065', 'D-1', 'N', '2099-12-31', 'x', now(), $1)`,
        [orphan],
      ),
    ).rejects.toThrow(/poderes_case_fk/);
    // A case that has a code cannot be removed from under it.
    await expect(db.dataSource.query(`DELETE FROM cases WHERE id = $1`, [caseId])).rejects.toThrow(/foreign key/);
  });

  it("refuses to change a decided poder's decision, or to remove it, to the apps and to the superuser", async () => {
    for (const run of [asApp, (sql: string, params: unknown[] = []) => db.dataSource.query(sql, params)]) {
      await expect(run(`UPDATE poderes SET valid_until = '2099-12-31' WHERE id = $1`, [poderId])).rejects.toThrow(/decision on poder .* cannot change/);
      await expect(run(`UPDATE poderes SET endorsed_by = 'otro' WHERE id = $1`, [poderId])).rejects.toThrow(/decision on poder .* cannot change/);
      await expect(run(`UPDATE poderes SET deed_number = 'D-2' WHERE id = $1`, [poderId])).rejects.toThrow(/parties and the deed .* cannot change/);
      // Re-endorsing a poder still in force, with a later date and a longer validity: not a legitimate transition.
      await expect(run(`UPDATE poderes SET endorsed_at = now(), valid_until = '2099-12-31' WHERE id = $1`, [poderId])).rejects.toThrow(
        /decision on poder .* cannot change/,
      );
    }
    await expect(asApp(`DELETE FROM poderes WHERE id = $1`, [poderId])).rejects.toThrow(/permission denied for table poderes/);
    await expect(db.dataSource.query(`DELETE FROM poderes WHERE id = $1`, [poderId])).rejects.toThrow(/poderes: DELETE refused/);
    expect(await new PoderRepository(db.dataSource).registered(poderId)).toEqual({ validUntil: '2098-06-30', revokedAt: null });
  });

  it('refuses a new endorsement dated by the writer: a future endorsed_at neither rewrites a poder in force nor undoes a revocation', async () => {
    const other = randomUUID();
    await insertCase(other);
    for (const run of [asApp, (sql: string, params: unknown[] = []) => db.dataSource.query(sql, params)]) {
      // The poder is in force until 2098: a "later endorsement" in 2100 is not a new endorsement of a poder no longer in force.
      await expect(
        run(`UPDATE poderes SET endorsed_at = '2100-01-01', valid_until = '2199-12-31', endorsed_by = 'x', case_id = $2 WHERE id = $1`, [poderId, other]),
      ).rejects.toThrow(/decision on poder .* cannot change/);
      // Dated now by the database's clock, the poder is still in force: refused too.
      await expect(
        run(`UPDATE poderes SET endorsed_at = now(), valid_until = '2199-12-31', endorsed_by = 'x', case_id = $2 WHERE id = $1`, [poderId, other]),
      ).rejects.toThrow(/decision on poder .* cannot change/);
    }
    expect(await new PoderRepository(db.dataSource).registered(poderId)).toEqual({ validUntil: '2098-06-30', revokedAt: null });

    // A revoked poder: its revocation is not undone by an endorsement dated in the future.
    const revokedId = `${poderId}-R`;
    await asApp(
      `INSERT INTO poderes (id, employer_id, attorney_id, deed_number, notary, valid_until, endorsed_by, endorsed_at, revoked_at, case_id)
       VALUES ($1, '1790016919001', '1710034065', 'D-R', 'N', '2098-06-30', 'juridico-1', '2026-03-03T15:00:00Z', '2026-04-01T12:00:00Z', $2)`,
      [revokedId, caseId],
    );
    await expect(asApp(`UPDATE poderes SET revoked_at = NULL, endorsed_at = '2100-01-01', endorsed_by = 'x' WHERE id = $1`, [revokedId])).rejects.toThrow(
      /decision on poder .* cannot change/,
    );
    expect(await new PoderRepository(db.dataSource).registered(revokedId)).toMatchObject({ revokedAt: new Date('2026-04-01T12:00:00Z') });
  });

  it("refuses to change or remove the legal unit's decided review (the rejection lookupPoder reads), and lets a pending review's views through", async () => {
    const poderes = new PoderRepository(db.dataSource);
    const reviewCase = randomUUID();
    await insertCase(reviewCase);
    const rejectedId = `${poderId}-X`;
    const pending: PoderView = {
      poderId: rejectedId,
      caseId: reviewCase,
      province: 'PICHINCHA',
      status: 'pending',
      requestedAt: '2026-03-02T15:00:00.000Z',
      dueAt: '2026-03-05T15:00:00.000Z',
      eventCount: 1,
    };
    // The review workflow's own writes: requested, reminded, escalated, decided, and a later view after the decision.
    await poderes.recordReview(pending, poder, 'poder:keyed-x');
    await poderes.recordReview({ ...pending, remindedAt: '2026-03-03T15:00:00.000Z', eventCount: 2 }, poder, 'poder:keyed-x');
    await poderes.recordReview({ ...pending, remindedAt: '2026-03-03T15:00:00.000Z', escalatedAt: '2026-03-05T15:00:00.000Z', eventCount: 3 }, poder, null);
    const rejected: PoderView = {
      ...pending,
      remindedAt: '2026-03-03T15:00:00.000Z',
      escalatedAt: '2026-03-05T15:00:00.000Z',
      status: 'rejected',
      decidedAt: '2026-03-06T15:00:00.000Z',
      decidedBy: { id: 'juridico-1', role: 'legal_unit', province: 'PICHINCHA' },
      reason: makeReason('PODER.NOT_ENDORSED'),
      businessMsTaken: 3600000,
      eventCount: 4,
    };
    await poderes.recordReview(rejected, poder, null);
    await poderes.recordReview({ ...rejected, eventCount: 5 }, poder, null);
    await poderes.recordReview(rejected, poder, null);
    expect(await poderes.latestReview(rejectedId)).toEqual({ status: 'rejected', reasonCode: 'PODER.NOT_ENDORSED' });

    for (const run of [asApp, (sql: string, params: unknown[] = []) => db.dataSource.query(sql, params)]) {
      await expect(
        run(`UPDATE poder_reviews SET status = 'pending', decided_at = NULL, decided_by = NULL, reason_code = NULL WHERE poder_id = $1`, [rejectedId]),
      ).rejects.toThrow(/decided review of poder .* cannot change/);
      await expect(run(`UPDATE poder_reviews SET status = 'endorsed' WHERE poder_id = $1`, [rejectedId])).rejects.toThrow(
        /decided review of poder .* cannot change/,
      );
      await expect(run(`UPDATE poder_reviews SET reason_code = NULL WHERE poder_id = $1`, [rejectedId])).rejects.toThrow(
        /decided review of poder .* cannot change/,
      );
      await expect(run(`UPDATE poder_reviews SET decided_by = 'otro', event_count = 99 WHERE poder_id = $1`, [rejectedId])).rejects.toThrow(
        /decided review of poder .* cannot change/,
      );
      await expect(run(`UPDATE poder_reviews SET workflow_id = 'poder:other' WHERE poder_id = $1`, [rejectedId])).rejects.toThrow(
        /decided review of poder .* cannot change/,
      );
    }
    await expect(asApp(`DELETE FROM poder_reviews WHERE poder_id = $1`, [rejectedId])).rejects.toThrow(/permission denied for table poder_reviews/);
    await expect(db.dataSource.query(`DELETE FROM poder_reviews WHERE poder_id = $1`, [rejectedId])).rejects.toThrow(/poder_reviews: DELETE refused/);
    await expect(db.dataSource.query(`TRUNCATE poder_reviews`)).rejects.toThrow(/poder_reviews: TRUNCATE refused/);
    expect(await poderes.latestReview(rejectedId)).toEqual({ status: 'rejected', reasonCode: 'PODER.NOT_ENDORSED' });
    expect(await poderes.decisionWorkflowId(rejectedId)).toBe('poder:keyed-x');
  });

  it('lets through the legitimate writes: a retried endorsement, a revocation (one way), a new endorsement of a poder no longer in force', async () => {
    const poderes = new PoderRepository(db.dataSource);
    // The same view again (an activity retried after its commit): no change, no refusal.
    await poderes.recordReview(endorsed(caseId, '2026-03-03T15:00:00.000Z', '2098-06-30'), poder, null);
    // Revocation: revoked_at once; never undone in place.
    await asApp(`UPDATE poderes SET revoked_at = '2026-04-01T12:00:00Z' WHERE id = $1`, [poderId]);
    await expect(asApp(`UPDATE poderes SET revoked_at = NULL WHERE id = $1`, [poderId])).rejects.toThrow(/decision on poder .* cannot change/);
    // A later case presents the revoked poder and the legal unit endorses it again: the old decision is kept.
    const later = randomUUID();
    await insertCase(later);
    await poderes.recordReview(endorsed(later, '2026-05-04T15:00:00.000Z', '2027-05-04'), poder, null);
    expect(await poderes.registered(poderId)).toEqual({ validUntil: '2027-05-04', revokedAt: null });
    const history: Array<{ case_id: string; valid_until: string; revoked: boolean }> = await db.dataSource.query(
      `SELECT case_id::text, to_char(valid_until, 'YYYY-MM-DD') AS valid_until, revoked_at IS NOT NULL AS revoked FROM poder_endorsement_history WHERE id = $1`,
      [poderId],
    );
    expect(history).toEqual([{ case_id: caseId, valid_until: '2098-06-30', revoked: true }]);
    await expect(asApp(`DELETE FROM poder_endorsement_history WHERE id = $1`, [poderId])).rejects.toThrow(/permission denied/);
    await expect(db.dataSource.query(`UPDATE poder_endorsement_history SET valid_until = NULL WHERE id = $1`, [poderId])).rejects.toThrow(
      /poder_endorsement_history is append-only: UPDATE refused/,
    );
  });
});
