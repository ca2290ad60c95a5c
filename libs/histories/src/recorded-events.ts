import { defaultPayloadConverter } from '@temporalio/common';
import { workflowOutcome } from './decode';
import type { History } from './history';

/** The activity that appends each event of a case's log (the case kernel's recordCaseEvent, local or not). */
const RECORD_CASE_EVENT = 'recordCaseEvent';

/**
 * How many events of the case's log the workflow recorded, as its Temporal history witnesses it: the
 * recordCaseEvent calls that completed, whether local (a `core_local_activity` marker without a
 * failure, whose plain `data` names the activity type) or ordinary (scheduled, then completed). The
 * case kernel appends its events one after another, so these are the events 1 to N, and each one's
 * row was committed before its completion was recorded: a row missing from the log for any of them
 * was removed (ADR 0010).
 */
export function caseEventsRecorded(history: History): number {
  const scheduled = new Set<string>();
  let recorded = 0;
  for (const event of history.events ?? []) {
    const marker = event.markerRecordedEventAttributes;
    if (marker?.markerName === 'core_local_activity' && !marker.failure) {
      const payload = marker.details?.['data']?.payloads?.[0];
      const data = payload ? safeFromPayload(payload) : undefined;
      if (data?.activity_type === RECORD_CASE_EVENT) recorded += 1;
      continue;
    }
    if (event.activityTaskScheduledEventAttributes?.activityType?.name === RECORD_CASE_EVENT) {
      scheduled.add(String(event.eventId));
      continue;
    }
    const completed = event.activityTaskCompletedEventAttributes;
    if (completed && scheduled.has(String(completed.scheduledEventId))) recorded += 1;
  }
  return recorded;
}

/**
 * What a case's history witnesses of its event log (libs/persistence checkEventChain's `history`): the
 * events 1 to `events` were recorded, and `closed` when the run ended, so the log holds no more. The
 * API's replay and the auditor's command line (scripts/audit.ts) compare the log with it.
 */
export function historyWitness(history: History): { events: number; closed: boolean } {
  return { events: caseEventsRecorded(history), closed: workflowOutcome(history) !== 'running' };
}

function safeFromPayload(payload: Parameters<typeof defaultPayloadConverter.fromPayload>[0]): { activity_type?: string } | undefined {
  try {
    return defaultPayloadConverter.fromPayload<{ activity_type?: string }>(payload);
  } catch {
    // An encoding the default converter does not read (never the SDK's own marker data): not an event.
    return undefined;
  }
}
