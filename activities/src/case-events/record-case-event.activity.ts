import type { CaseEventInput } from '@tramites/contracts';
import type { DataSource } from 'typeorm';
import { EventLogRepository } from '@tramites/persistence';

/**
 * Appends one event to the case's hash-chained log and moves the read model,
 * in one transaction. Idempotent: a retry of the same (caseId, seq) changes nothing.
 */
export function makeRecordCaseEvent(dataSource: DataSource) {
  const log = new EventLogRepository(dataSource);
  return async function recordCaseEvent(input: CaseEventInput): Promise<void> {
    await log.append(input);
  };
}
