import type { CaseActivities } from '@tramites/contracts';
import type { DataSource } from 'typeorm';
import { makeRecordCaseEvent } from './case-events/record-case-event.activity';

export interface ActivityDependencies {
  dataSource: DataSource;
}

/** Every activity, bound to its dependencies (DESIGN.md, convention 5). */
export function createActivities(deps: ActivityDependencies): CaseActivities {
  return {
    recordCaseEvent: makeRecordCaseEvent(deps.dataSource),
  };
}
