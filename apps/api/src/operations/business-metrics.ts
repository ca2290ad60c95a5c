import { Counter, Gauge, type Registry } from 'prom-client';
import { FINAL_STATUSES } from '@tramites/contracts';
import type { OperationsFiguresRepository } from '@tramites/persistence';

/** How long one reading of the database serves the scrape's gauges (they are collected one after another). */
const READING_MS = 2_000;

/**
 * The figures supervisors and operators ask for (ADR 0032), read from PostgreSQL at Prometheus' scrape: cases by
 * procedure, agency and status; events appended by type (opened, issued, cancelled, lapsed, stuck...); deadlines
 * breached; the legal unit's backlog by province; the email and SMS outboxes; the event log's checkpoints.
 * Labels are procedures, agencies, provinces, statuses and event types only.
 */
export function registerBusinessMetrics(registry: Registry, figures: OperationsFiguresRepository): void {
  let reading: { at: number; value: Promise<Awaited<ReturnType<typeof read>>> } | undefined;
  let lastEventId = '0';
  const read = async () => {
    const [cases, breached, events, poderes, outboxes, checkpoints] = await Promise.all([
      figures.casesByStatus(),
      figures.deadlinesBreached(FINAL_STATUSES),
      figures.eventsAfter(lastEventId),
      figures.poderBacklog(),
      figures.outboxes(),
      figures.checkpoints(),
    ]);
    lastEventId = events.lastId;
    for (const e of events.rows) eventsTotal.inc({ type: e.type, procedure: e.procedure, agency: e.agency }, e.events);
    return { cases, breached, poderes, outboxes, checkpoints };
  };
  const current = () => {
    if (!reading || Date.now() - reading.at > READING_MS) reading = { at: Date.now(), value: read() };
    return reading.value;
  };

  const eventsTotal = new Counter({
    name: 'tramites_case_events_total',
    help: 'Case events appended to the event log, by type (CASE_OPENED, FOREIGNER_CODE_ISSUED, CASE_CANCELLED, CASE_LAPSED, CASE_STUCK...), procedure and agency',
    labelNames: ['type', 'procedure', 'agency'] as const,
    registers: [registry],
    async collect() {
      await current();
    },
  });
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[], fill: (g: Gauge<L>, f: Awaited<ReturnType<typeof read>>) => void) =>
    new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        const f = await current();
        this.reset();
        fill(this, f);
      },
    });
  gauge('tramites_cases', 'Cases in the read model by procedure, agency and status', ['procedure', 'agency', 'status'], (g, f) => {
    for (const c of f.cases) g.set({ procedure: c.procedure, agency: c.agency, status: c.status }, c.cases);
  });
  gauge('tramites_case_deadlines_breached', 'Open cases past their deadline, by procedure and agency', ['procedure', 'agency'], (g, f) => {
    for (const c of f.breached) g.set({ procedure: c.procedure, agency: c.agency }, c.cases);
  });
  gauge('tramites_poder_reviews_waiting', "Poderes waiting for the legal unit's decision, by province", ['province'], (g, f) => {
    for (const p of f.poderes) g.set({ province: p.province }, p.waiting);
  });
  gauge('tramites_poder_review_oldest_age_seconds', 'Age of the oldest waiting poder review, by province', ['province'], (g, f) => {
    for (const p of f.poderes) g.set({ province: p.province }, p.oldestSeconds);
  });
  gauge('tramites_poder_reviews_due_soon', 'Waiting poder reviews due within a day, by province', ['province'], (g, f) => {
    for (const p of f.poderes) g.set({ province: p.province }, p.dueWithinDay);
  });
  gauge('tramites_poder_reviews_overdue', 'Waiting poder reviews past their due time, by province', ['province'], (g, f) => {
    for (const p of f.poderes) g.set({ province: p.province }, p.overdue);
  });
  gauge('tramites_outbox_pending_messages', 'Messages waiting to be sent, by channel (email, sms)', ['channel'], (g, f) => {
    for (const o of f.outboxes) g.set({ channel: o.channel }, o.pending);
  });
  gauge('tramites_outbox_oldest_pending_age_seconds', 'Age of the oldest message waiting to be sent, by channel', ['channel'], (g, f) => {
    for (const o of f.outboxes) g.set({ channel: o.channel }, o.oldestPendingSeconds);
  });
  gauge('tramites_outbox_retrying_messages', 'Waiting messages that failed at least once, by channel', ['channel'], (g, f) => {
    for (const o of f.outboxes) g.set({ channel: o.channel }, o.retrying);
  });
  gauge('tramites_outbox_failed_messages', 'Messages refused for good, by channel', ['channel'], (g, f) => {
    for (const o of f.outboxes) g.set({ channel: o.channel }, o.failed);
  });
  gauge('tramites_event_log_checkpoints_signed', "Signed checkpoints of the event log's hash chain", [], (g, f) => {
    g.set(f.checkpoints.signed);
  });
  gauge('tramites_event_log_checkpoint_age_seconds', 'Time since the last signed checkpoint of the event log', [], (g, f) => {
    if (f.checkpoints.secondsSinceLast !== null) g.set(f.checkpoints.secondsSinceLast);
  });
}
