import { randomUUID } from 'node:crypto';
import type { CaseEventInput } from '@tramites/contracts';
import { CaseStartRequestsRepository, EventLogRepository } from '@tramites/persistence';
import { createTestDatabase, type TestDatabase } from '@tramites/testing';

/**
 * One writer for case_search_terms (ADR 0025): the API puts the terms on the case's start request,
 * and the worker's append of the case's first event copies them, with the case's agency, in the
 * same transaction as the event. Personal data never travels through Temporal's history.
 */
describe('the search terms of a case are written by the append of its first event', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('search_terms_writer');
  });
  afterAll(() => db?.drop());

  const event = (caseId: string, seq: number): CaseEventInput => ({
    caseId,
    seq,
    type: seq === 1 ? 'CASE_OPENED' : 'CASE_CANCELLED',
    actor: { id: 'ana', role: 'applicant' },
    occurredAt: new Date(Date.UTC(2026, 11, 1, 14, seq)).toISOString(),
    data: {},
    projection: {
      workflowId: `case:${caseId}`,
      procedureType: 'FOREIGNER_CODE',
      status: seq === 1 ? 'pending_verification' : 'cancelled',
      province: 'PICHINCHA',
      agencyId: 'UIO-NORTE',
      applicantId: 'applicant-1',
      deadlineAt: null,
    },
  });
  const termsOf = async (caseId: string) =>
    (await db.dataSource.query('SELECT term, kind, agency_id FROM case_search_terms WHERE case_id = $1 ORDER BY term', [caseId])) as Array<{
      term: string;
      kind: string;
      agency_id: string | null;
    }>;

  it('copies the start request’s terms with the case’s agency when event 1 is recorded, once', async () => {
    const caseId = randomUUID();
    const requests = new CaseStartRequestsRepository(db.dataSource);
    const log = new EventLogRepository(db.dataSource);
    await requests.record(randomUUID().replace(/-/g, '').padEnd(64, '0'), caseId, '1'.repeat(64), [
      { term: 'PX1234567', kind: 'document' },
      { term: 'GARCIA', kind: 'name' },
    ]);
    // Recorded by the API, not yet searchable: the table is the worker's.
    expect(await termsOf(caseId)).toEqual([]);
    await log.append(event(caseId, 1));
    const expected = [
      { term: 'GARCIA', kind: 'name', agency_id: 'UIO-NORTE' },
      { term: 'PX1234567', kind: 'document', agency_id: 'UIO-NORTE' },
    ];
    expect(await termsOf(caseId)).toEqual(expected);
    // A retried append and the later events change nothing.
    await log.append(event(caseId, 1));
    await log.append(event(caseId, 2));
    expect(await termsOf(caseId)).toEqual(expected);
  });

  it('gives no terms to a case started without a start request (a child workflow, a singleton)', async () => {
    const caseId = randomUUID();
    await new EventLogRepository(db.dataSource).append(event(caseId, 1));
    expect(await termsOf(caseId)).toEqual([]);
  });
});
