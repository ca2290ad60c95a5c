import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import type { CaseEventInput } from '@tramites/contracts';
import { createActivities } from '@tramites/activities';
import { createTestDatabase, testActivityDependencies, type TestDatabase } from '@tramites/testing';
import { TestRows } from '@tramites/testing/rows';

const caseId = '22222222-2222-4222-8222-222222222222';

/** An activity error that no retry can cure fails fast, with a code. */
describe('activities and values the database cannot store', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('data_errors');
  });
  afterAll(async () => {
    await db.drop();
  });

  it('recordCaseEvent with a NUL in its data fails non-retryably as DATA.NOT_STORABLE, and stores nothing', async () => {
    const record = createActivities(testActivityDependencies({ dataSource: db.dataSource, smtpPort: 1 })).recordCaseEvent;
    const input: CaseEventInput = {
      caseId,
      seq: 1,
      type: 'CASE_CANCELLED',
      actor: { id: 'officer-7', role: 'case_manager' },
      occurredAt: '2026-12-01T14:00:00.000Z',
      data: { reason: 'no\u0000puedo' },
      projection: {
        workflowId: `case:${caseId}`,
        procedureType: 'FOREIGNER_CODE',
        status: 'cancelled',
        province: 'PICHINCHA',
        agencyId: null,
        applicantId: 'applicant-1',
        deadlineAt: null,
      },
    };
    const failure = await new MockActivityEnvironment().run(record, input).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect((failure as ApplicationFailure).type).toBe('DATA.NOT_STORABLE');
    expect((failure as ApplicationFailure).nonRetryable).toBe(true);
    const rows = await new TestRows(db.dataSource).caseEvents(caseId);
    expect(rows).toEqual([]);
  });
});
