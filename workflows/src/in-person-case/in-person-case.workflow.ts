import { ApplicationFailure, condition, proxyActivities, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import {
  SYSTEM_ACTOR,
  checkInUpdate,
  caseWorkflowId,
  getCaseQuery,
  searchAttributeKeys,
  type Actor,
  type CaseActivities,
  type CaseView,
  type CheckInInput,
  type StartInPersonCaseInput,
} from '@tramites/contracts';
import { checkIn, checkInRefusal, initialCase, lapse } from './in-person-case.state';

const { recordCaseEvent } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

/** An in-person procedure (sheets 000, 001, 002) from the appointment on. */
export async function inPersonCaseWorkflow(input: StartInPersonCaseInput): Promise<CaseView> {
  let state = initialCase(input);
  let pending: Promise<void> = Promise.resolve();

  // Every change is appended to the audit log in order, one activity at a time.
  const record = (type: string, actor: Actor, data: Record<string, unknown>): Promise<void> => {
    state = { ...state, eventCount: state.eventCount + 1 };
    const seq = state.eventCount;
    const snapshot = state;
    pending = pending.then(() =>
      recordCaseEvent({
        caseId: snapshot.caseId,
        seq,
        type,
        actor,
        occurredAt: new Date().toISOString(),
        data,
        projection: {
          workflowId: caseWorkflowId(snapshot.caseId),
          procedureType: snapshot.procedure,
          status: snapshot.status,
          province: snapshot.province,
          agencyId: snapshot.agencyId,
          applicantId: input.applicantId,
          deadlineAt: snapshot.status === 'scheduled' ? snapshot.lapsesAt : null,
        },
      }),
    );
    return pending;
  };

  setHandler(getCaseQuery, () => state);
  setHandler(
    checkInUpdate,
    async ({ actor }) => {
      state = checkIn(state, actor, new Date().toISOString());
      await record('CASE_CHECKED_IN', actor, {});
      return state;
    },
    {
      validator: (_input: CheckInInput) => {
        const refusal = checkInRefusal(state);
        if (refusal) throw ApplicationFailure.create({ type: refusal, message: 'El trámite no está agendado', nonRetryable: true });
      },
    },
  );

  await record('CASE_OPENED', input.openedBy, {
    procedure: input.procedure,
    province: input.province,
    agencyId: input.agencyId,
    appointmentAt: input.appointmentAt,
  });
  upsertSearchAttributes([
    { key: searchAttributeKeys.procedureType, value: input.procedure },
    { key: searchAttributeKeys.province, value: input.province },
    { key: searchAttributeKeys.agencyId, value: input.agencyId },
    { key: searchAttributeKeys.caseStatus, value: state.status },
    { key: searchAttributeKeys.caseDeadline, value: new Date(state.lapsesAt) },
  ]);

  const msUntilLapse = Math.max(0, Date.parse(state.lapsesAt) - Date.now());
  const checkedIn = await condition(() => state.status !== 'scheduled', msUntilLapse);
  if (!checkedIn) {
    state = lapse(state);
    await record('CASE_LAPSED', SYSTEM_ACTOR, { reason: 'NO_SHOW' });
  }
  upsertSearchAttributes([
    { key: searchAttributeKeys.caseStatus, value: state.status },
    { key: searchAttributeKeys.caseDeadline, value: null },
  ]);
  await pending;
  return state;
}
