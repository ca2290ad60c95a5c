import {
  IN_PERSON_RULES,
  actionRefusal,
  assignmentActionsAllowed,
  assignmentRefusal,
  availableActions,
  claimRefusal,
  type AssignmentFacts,
} from './case-actions';
import type { Actor, CaseView } from './case';

const ANA: Actor = { id: 'officer-uio-1', role: 'case_manager', agencyId: 'UIO-NORTE' };
const LUIS: Actor = { id: 'officer-uio-2', role: 'case_manager', agencyId: 'UIO-NORTE' };
const ELSEWHERE: Actor = { id: 'officer-gye-1', role: 'case_manager', agencyId: 'GYE-CENTRO' };
const CARMEN: Actor = { id: 'supervisor-uio-1', role: 'supervisor', agencyId: 'UIO-NORTE' };
const APPLICANT: Actor = { id: 'V1234567', role: 'applicant' };
const AUDITOR: Actor = { id: 'auditor-1', role: 'auditor' };
const HELD_BY_ANA = { officerId: ANA.id, officerName: 'Ana Gestora Quito' };

const checkedIn: CaseView = {
  caseId: '00000000-0000-4000-8000-000000000001',
  procedure: 'FOREIGNER_CODE',
  status: 'checked_in',
  province: 'PICHINCHA',
  filerRole: 'holder',
  applicantId: 'V1234567',
  holder: { fullName: 'TORRES, ANA', nationality: 'COL', documentType: 'visa', documentNumber: 'V1234567', birthDate: '1992-07-03' },
  waitingOn: 'institution',
  verification: { attemptsLeft: 5, codesLeft: 2 },
  eventCount: 4,
  appointment: { slotId: 'slot-1', reference: 'C-1', agencyId: 'UIO-NORTE', agencyName: 'Quito Norte', startsAt: '2026-12-03T14:00:00.000Z' },
};
const NOW = Date.parse('2026-12-03T15:00:00.000Z');

describe('a claim holds (ADR 0022, amended 2026-12-07)', () => {
  it('refuses every action of a claimed case to another officer, naming the holder', () => {
    const r = actionRefusal(IN_PERSON_RULES, 'record_documents', checkedIn, LUIS, { now: NOW, claim: HELD_BY_ANA });
    expect(r?.code).toBe('CASE.ASSIGNED_TO_OTHER');
    expect(r?.message).toContain('Ana Gestora Quito');
    expect(r?.message).not.toContain(ANA.id);
    expect(availableActions(checkedIn, LUIS, NOW, HELD_BY_ANA)).toEqual([]);
  });

  it('lets the holder act, and anyone in scope when nobody holds the case or the claim is not known (the workflow)', () => {
    expect(actionRefusal(IN_PERSON_RULES, 'record_documents', checkedIn, ANA, { now: NOW, claim: HELD_BY_ANA })).toBeUndefined();
    expect(availableActions(checkedIn, LUIS, NOW, null)).toContain('record_documents');
    expect(actionRefusal(IN_PERSON_RULES, 'record_documents', checkedIn, LUIS, { now: NOW })).toBeUndefined();
  });

  it('keeps the earlier refusals first: another agency is out of scope whoever holds the case', () => {
    expect(actionRefusal(IN_PERSON_RULES, 'record_documents', checkedIn, ELSEWHERE, { now: NOW, claim: HELD_BY_ANA })?.code).toBe('AUTH.OUT_OF_SCOPE');
  });

  it('never blocks an applicant by an officer claim', () => {
    expect(claimRefusal(HELD_BY_ANA, APPLICANT)).toBeUndefined();
  });
});

describe('the claim actions: Asignarme, Liberar, Reasignar', () => {
  const open = (claim: AssignmentFacts['claim']): AssignmentFacts => ({ closed: false, agencyId: 'UIO-NORTE', claim });

  it('a case manager claims an open case nobody holds, releases only his own', () => {
    expect(assignmentActionsAllowed(open(null), LUIS)).toEqual(['claim']);
    expect(assignmentActionsAllowed(open(HELD_BY_ANA), ANA)).toEqual(['release']);
    expect(assignmentActionsAllowed(open(HELD_BY_ANA), LUIS)).toEqual([]);
    expect(assignmentRefusal('claim', open(HELD_BY_ANA), ANA)?.code).toBe('CASE.ALREADY_YOURS');
    expect(assignmentRefusal('claim', open(HELD_BY_ANA), LUIS)?.code).toBe('CASE.ASSIGNED_TO_OTHER');
    expect(assignmentRefusal('release', open(HELD_BY_ANA), LUIS)?.message).toContain('Ana Gestora Quito');
    expect(assignmentRefusal('release', open(null), LUIS)?.code).toBe('CASE.NOT_ASSIGNED');
  });

  it('a supervisor of the agency reassigns any open case and releases a held one; no claim of his own', () => {
    expect(assignmentActionsAllowed(open(HELD_BY_ANA), CARMEN)).toEqual(['release', 'reassign']);
    expect(assignmentActionsAllowed(open(null), CARMEN)).toEqual(['reassign']);
    expect(assignmentRefusal('claim', open(null), CARMEN)?.code).toBe('AUTH.ROLE_NOT_ALLOWED');
    expect(assignmentRefusal('reassign', { ...open(null), agencyId: 'GYE-CENTRO' }, CARMEN)?.code).toBe('AUTH.OUT_OF_SCOPE');
    expect(assignmentRefusal('reassign', open(null), ANA)?.code).toBe('AUTH.ROLE_NOT_ALLOWED');
  });

  it('a closed case is claimed and reassigned by nobody (it leaves the queues)', () => {
    const closed: AssignmentFacts = { closed: true, agencyId: 'UIO-NORTE', claim: null };
    expect(assignmentRefusal('claim', closed, LUIS)?.code).toBe('CASE.CLOSED');
    expect(assignmentRefusal('reassign', closed, CARMEN)?.code).toBe('CASE.CLOSED');
    expect(assignmentActionsAllowed(closed, LUIS)).toEqual([]);
  });

  it('an auditor changes no claim', () => {
    expect(assignmentActionsAllowed(open(HELD_BY_ANA), AUDITOR)).toEqual([]);
  });
});
