import { CASE_EVENT_LABELS, CASE_EVENT_TYPES, isCaseEventType } from '@tramites/contracts';
import { loadRecordedHistories } from '@tramites/testing';

interface HistoryEvent {
  activityTaskScheduledEventAttributes?: { activityType?: { name?: string }; input?: { payloads?: Array<{ data?: string }> } };
  markerRecordedEventAttributes?: { details?: Record<string, { payloads?: Array<{ data?: string }> }> };
}

/** The event types that the recorded histories wrote to the case log (regular and local activities). */
function recordedEventTypes(): Set<string> {
  const types = new Set<string>();
  for (const { history } of loadRecordedHistories()) {
    for (const event of (history as { events?: HistoryEvent[] }).events ?? []) {
      const scheduled = event.activityTaskScheduledEventAttributes;
      const payloads = scheduled?.activityType?.name === 'recordCaseEvent' ? scheduled.input?.payloads : undefined;
      for (const p of payloads ?? []) types.add((JSON.parse(Buffer.from(p.data ?? '', 'base64').toString('utf8')) as { type: string }).type);
      // A local activity's input is in its marker's "data" detail.
      const marker = event.markerRecordedEventAttributes?.details;
      for (const p of marker?.['data']?.payloads ?? []) {
        const decoded = JSON.parse(Buffer.from(p.data ?? '', 'base64').toString('utf8')) as { activityType?: string; input?: Array<{ type?: string }> };
        if (decoded.activityType === 'recordCaseEvent' && decoded.input?.[0]?.type) types.add(decoded.input[0].type);
      }
    }
  }
  return types;
}

/** One vocabulary of event types, each with its Spanish label for the timeline. */
describe('the vocabulary of case events', () => {
  it('labels every type in Spanish, once', () => {
    expect(CASE_EVENT_TYPES.length).toBeGreaterThanOrEqual(40);
    for (const type of CASE_EVENT_TYPES) {
      expect(type).toMatch(/^[A-Z]+(_[A-Z]+)+$/);
      expect(CASE_EVENT_LABELS[type]).toMatch(/^[A-ZÁÉÍÓÚÑ¿]/);
      expect(CASE_EVENT_LABELS[type]).not.toMatch(/^Evento /);
    }
    expect(new Set(Object.values(CASE_EVENT_LABELS)).size).toBe(CASE_EVENT_TYPES.length);
  });

  it('knows every type that the recorded histories of all five procedures wrote', () => {
    const recorded = recordedEventTypes();
    expect(recorded.size).toBeGreaterThan(20);
    expect([...recorded].filter((t) => !isCaseEventType(t))).toEqual([]);
    for (const portal of ['IDENTITY_CHECK_PASSED', 'PASSWORD_SET', 'EMPLOYER_VERIFIED']) expect(recorded).toContain(portal);
  });
});
