import { randomUUID } from 'node:crypto';
import type { StartInPersonCaseInput } from '@tramites/contracts';

/** A foreigner-code case with its appointment `daysAhead` days from `now`, at 09:00 Guayaquil (14:00Z). */
export function inPersonCaseInput(now: Date, daysAhead = 3, overrides: Partial<StartInPersonCaseInput> = {}): StartInPersonCaseInput {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + daysAhead, 14));
  const caseId = randomUUID();
  return {
    caseId,
    procedure: 'FOREIGNER_CODE',
    applicantId: `applicant-${caseId.slice(0, 8)}`,
    province: 'PICHINCHA',
    agencyId: 'UIO-01',
    appointmentAt: day.toISOString(),
    openedBy: { id: 'applicant-1', role: 'applicant' },
    ...overrides,
  };
}
