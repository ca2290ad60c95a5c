/**
 * The floor of the bench: a workflow of the same shape as a complete 000 case, with
 * empty bodies. Counted from test/histories/encrypted-000-issued.json: 7 workflow tasks, 4 updates
 * (verifyCode, bookSlot, checkIn, recordDocuments), 13 local activities, 2 regular activities,
 * 2 timers started and cancelled, 2 patches and 10 search-attribute upserts, in the same order.
 * Bench-only code: it is never part of the worker's bundle.
 */
import {
  CancellationScope,
  condition,
  defineUpdate,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { floorActivities } from './floor.activities';

type Activities = typeof floorActivities;
const local = proxyLocalActivities<Activities>({ startToCloseTimeout: '10 seconds' });
const remote = proxyActivities<Activities>({ startToCloseTimeout: '30 seconds' });

export interface FloorView {
  status: string;
  step: number;
}
export const floorVerifyUpdate = defineUpdate<FloorView, [{ code: string }]>('verifyCode');
export const floorBookUpdate = defineUpdate<FloorView, [{ slotId: string }]>('bookSlot');
export const floorCheckInUpdate = defineUpdate<FloorView, [{ actor: string }]>('checkIn');
export const floorDocumentsUpdate = defineUpdate<FloorView, [{ documents: string[] }]>('recordDocuments');

/** A timer that the next step cancels, as the case's deadlines are. */
function deadline(ms: number): CancellationScope {
  const scope = new CancellationScope();
  scope.run(() => sleep(ms)).catch(() => undefined);
  return scope;
}

export async function floorCase(input: { id: string }): Promise<FloorView> {
  const view: FloorView = { status: 'opened', step: 0 };
  const status = (next: string): void => {
    view.status = next;
    upsertSearchAttributes({ CaseStatus: [next], CaseDeadline: [new Date(86_400_000)] });
  };
  let timer: CancellationScope | undefined;
  let opened = false;

  // The handlers first, as the case's: an update that arrives while the case opens waits for it.
  setHandler(floorVerifyUpdate, async ({ code }) => {
    await condition(() => opened);
    await local.checkCode(code);
    status('verified');
    await local.recordEvent(input.id);
    view.step = 1;
    return view;
  });
  setHandler(floorBookUpdate, async ({ slotId }) => {
    await local.reserveSlot(slotId);
    upsertSearchAttributes({ CaseStatus: ['scheduled'], AgencyId: ['UIO-NORTE'], CaseDeadline: [new Date(86_400_000)] });
    timer?.cancel();
    await local.recordEvent(input.id);
    timer = deadline(3_600_000);
    view.step = 2;
    return view;
  });
  setHandler(floorCheckInUpdate, async () => {
    upsertSearchAttributes({ CaseStatus: ['checked_in'], AgencyId: ['UIO-NORTE'], CaseDeadline: [new Date(86_400_000)] });
    timer?.cancel();
    await local.recordEvent(input.id);
    view.step = 3;
    return view;
  });
  setHandler(floorDocumentsUpdate, async () => {
    upsertSearchAttributes({ CaseStatus: ['documents'], AgencyId: ['UIO-NORTE'], CaseDeadline: [new Date(86_400_000)] });
    await local.recordEvent(input.id);
    view.step = 4;
    return view;
  });

  patched('floor-a');
  patched('floor-b');
  upsertSearchAttributes({ ProcedureType: ['FLOOR'], Province: ['PICHINCHA'] });
  status('opened');
  await local.recordEvent(input.id);
  await local.issueCode(input.id);
  status('awaiting_verification');
  await local.recordEvent(input.id);
  timer = deadline(86_400_000);

  opened = true;
  await condition(() => view.step >= 2);
  await local.sendEmail(input.id);
  await condition(() => view.step >= 4);
  await Promise.all([remote.issueRegistry(input.id), local.sendEmail(input.id)]);
  await remote.issueDocument(input.id);
  upsertSearchAttributes({ CaseStatus: ['issued'], AgencyId: ['UIO-NORTE'], CaseDeadline: [new Date(86_400_000)] });
  await local.recordEvent(input.id);
  await local.sendEmail(input.id);
  view.status = 'issued';
  return view;
}
