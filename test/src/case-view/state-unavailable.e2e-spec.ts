import { randomUUID } from 'node:crypto';
import { WORKFLOW_TYPES, caseWorkflowId } from '@tramites/contracts';
import { TestRows } from '@tramites/testing/rows';
import { startApiHarness, type ApiHarness } from '@tramites/testing/api';

/**
 * A case's live view comes from its workflow's query (apps/api/src/access/case-access.service.ts):
 * when the workflow under the case's id cannot answer it (here another workflow type runs under the
 * id, as an operator's mistaken start would leave it), the API answers 503 CASE.STATE_UNAVAILABLE
 * in Spanish, never a 500 nor the query's own failure.
 */
describe('a case whose workflow cannot answer the case query', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness('case_state_unavailable');
  });
  afterAll(() => h?.close());

  it('is 503 CASE.STATE_UNAVAILABLE with the vocabulary’s Spanish message', async () => {
    const caseId = randomUUID();
    // The read model knows the case (its applicant may read it); its workflow id runs a workflow with no case query.
    await new TestRows(h.db.dataSource).insertCase(caseId);
    const handle = await h.env.client.workflow.start(WORKFLOW_TYPES.followCodeEmail, {
      taskQueue: h.taskQueue,
      workflowId: caseWorkflowId(caseId),
      args: [{ challengeId: randomUUID(), caseId, to: null, reference: 'T-0000000000', code: '000000', minutesValid: 10 }],
    });
    await handle.result().catch(() => undefined);
    const token = await h.token({ sub: 'PSYNTHETIC', role: 'applicant' });
    const res = await h.http().get(`/cases/${caseId}`).set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(503);
    expect(res.body.error).toEqual({ code: 'CASE.STATE_UNAVAILABLE', message: 'El estado del trámite no está disponible en este momento; intente más tarde.' });
  });
});
