import type { CaseView } from '@tramites/contracts';
import { TestRows } from './rows';
import type { DataSource } from 'typeorm';
import type { TestSmtpServer } from './smtp-server';

/** What disagrees, case by case, between finished 000 cases and the database; all empty when nothing was lost or doubled. */
export interface IssuanceAudit {
  /** Cases whose workflow ended other than issued. */
  notIssued: string[];
  /** Cases without exactly one foreigner code on file, or whose code is not the one on file. */
  codes: string[];
  /** Cases whose event log is not exactly seq 1..eventCount of the workflow. */
  events: string[];
  /** Cases whose read-model row is not the workflow's final status and last event. */
  readModel: string[];
  /** Cases with an email not sent or never received (by Message-ID), or without a received email bearing their code. */
  emails: string[];
}

export const CLEAN_AUDIT: IssuanceAudit = { notIssued: [], codes: [], events: [], readModel: [], emails: [] };

/**
 * A case's workflow ends once its last email is queued; the mail dispatcher sends it a moment
 * later. Waits (at most 30 s) until no email of these cases is pending and every sent one arrived.
 */
async function outboxDrained(dataSource: DataSource, smtp: TestSmtpServer, ids: string[]): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const rows = await new TestRows(dataSource).outbox(ids);
    const arrived = new Set(smtp.messages().map((m) => m.messageId));
    if (rows.every((r) => r.status !== 'pending' && (r.status !== 'sent' || arrived.has(r.message_id)))) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Compares the final views of issued 000 cases (one person each) with foreigner_codes,
 * case_events, cases and email_outbox, and with the emails the SMTP server received.
 */
export async function auditIssuedCases(dataSource: DataSource, smtp: TestSmtpServer, views: CaseView[]): Promise<IssuanceAudit> {
  const ids = views.map((v) => v.caseId);
  await outboxDrained(dataSource, smtp, ids);
  // person_key is unique: a person has at most one code, so each case must have exactly its own.
  const db = new TestRows(dataSource);
  const codes = await db.foreignerCodes(ids);
  const events = await db.eventCounts(ids);
  const rows = await db.readModel(ids);
  const outbox = await db.outbox(ids);
  const received = smtp.messages();
  const arrived = new Set(received.map((m) => m.messageId));
  const audit: IssuanceAudit = { notIssued: [], codes: [], events: [], readModel: [], emails: [] };
  for (const view of views) {
    const id = view.caseId;
    const issuedCode = view.result?.code;
    const expected = view.eventCount;
    if (view.status !== 'issued') audit.notIssued.push(`${id}: ${view.status}`);
    const onFile = codes.filter((c) => c.case_id === id);
    if (onFile.length !== 1 || onFile[0]!.code !== issuedCode) {
      audit.codes.push(`${id}: ${JSON.stringify(onFile)} on file for ${issuedCode ?? 'no code'}`);
    }
    const log = events.find((e) => e.case_id === id);
    if (!log || log.n !== expected || log.seqs !== expected || log.last !== expected) {
      audit.events.push(`${id}: ${JSON.stringify(log ?? null)} for ${expected} events`);
    }
    const row = rows.find((r) => r.id === id);
    if (!row || row.status !== view.status || row.last_event_seq !== expected) {
      audit.readModel.push(`${id}: ${JSON.stringify(row ?? null)} for ${view.status} at ${expected}`);
    }
    const lost = outbox.filter((o) => o.case_id === id && (o.status !== 'sent' || !arrived.has(o.message_id)));
    const codeMailed = issuedCode !== undefined && received.some((m) => m.text.includes(issuedCode));
    if (lost.length > 0 || !codeMailed) audit.emails.push(`${id}: ${JSON.stringify(lost)} lost, code mailed: ${codeMailed}`);
  }
  return audit;
}
