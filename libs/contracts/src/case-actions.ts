import { toLocalDate } from '@tramites/domain';
import { FINAL_STATUSES, type Actor, type ActorRole, type CaseStatus, type CaseView, type InPersonProcedure } from './case';
import { CREDENTIAL_FINAL_STATUSES, type CredentialCaseView, type CredentialProcedure, type CredentialStatus } from './credential';
import { closedCaseMessage } from './closed-case';
import type { ErrorCode } from './error-codes';

/**
 * One table of what can happen to a case (ADR 0026): per kind of case, each action with the
 * statuses it is allowed in, the roles that may take it and its extra conditions, as pure
 * predicates over the case's view and a clock. The workflows' update validators refuse by it,
 * the API lists by it the actions a caller may take now (`availableActions`), and the pages
 * draw their buttons from that list. Pure and deterministic: safe in the workflow sandbox.
 */

/** A refusal: its stable code (libs/contracts/src/error-codes.ts) and its Spanish message. */
export interface ActionRefusal {
  code: ErrorCode;
  message: string;
}

/** A condition of an action beyond status and role: a pure predicate, and the refusal when it does not hold. */
export interface ActionCondition<V> extends ActionRefusal {
  holds: (view: V, now: number) => boolean;
}

export interface ActionRule<V, S extends string> {
  /** The statuses the action is allowed in. */
  statuses: readonly S[];
  /** The roles that may take it. */
  roles: readonly ActorRole[];
  /** Whether the case's make (its channel) has the action at all: checked before anything else. */
  admits?: ActionCondition<V>;
  /** Checked in order once status, role and scope allow the action. */
  conditions?: readonly ActionCondition<V>[];
}

/** Who holds a case's claim ("Asignarme", ADR 0022): the officer and the name the pages show. */
export interface CaseClaim {
  officerId: string;
  officerName: string;
}

/**
 * The facts about a case at the moment of an action: the clock, whether another action is
 * running, and who holds its claim (the API reads it from the read model; the workflows never
 * know it, so a claim is checked by the API before the update reaches the workflow).
 */
export interface ActionFacts {
  now: number;
  busy?: boolean;
  /** Undefined: not known here (the workflow); null: nobody holds the case. */
  claim?: CaseClaim | null;
}

/** The rules of one kind of case. */
export interface CaseKindRules<V extends { status: S; applicantId: string }, S extends string, A extends string> {
  final: readonly S[];
  /** May a case manager of `actor.agencyId` act on this case (the case's agency, each kind its own rule)? */
  managerInScope: (view: V, actor: Actor) => boolean;
  actions: Readonly<Record<A, ActionRule<V, S>>>;
}

/** The refusal of the exclusive-update lock: another action of the case is running. */
export const BUSY_REFUSAL: ActionRefusal = { code: 'CASE.BUSY', message: 'El trámite está procesando otra acción; intente nuevamente' };

/** Refusal messages of the guards (a refusal for scope says so, not "state"). */
const MESSAGES = {
  'AUTH.ROLE_NOT_ALLOWED': 'Su rol no permite esta acción en este trámite',
  'AUTH.OUT_OF_SCOPE': 'El trámite no pertenece a su agencia o provincia',
  'AUTH.NOT_YOUR_CASE': 'Solo puede gestionar sus propios trámites',
  'CASE.CLOSED': 'El trámite ya está cerrado',
  'CASE.INVALID_STATE': 'La acción no está permitida en el estado actual del trámite',
} as const satisfies Partial<Record<ErrorCode, string>>;
const refusal = (code: keyof typeof MESSAGES): ActionRefusal => ({ code, message: MESSAGES[code] });

/** The roles that work cases at an agency, within its scope: case managers and their supervisors. */
const AGENCY_ROLES: readonly ActorRole[] = ['case_manager', 'supervisor'];
const isOfficer = (actor: Actor): boolean => actor.role !== 'applicant' && actor.role !== 'system';

/**
 * A claim holds (ADR 0022, amended 2026-12-07): an officer who is not the holder of a claimed
 * case takes no action on it, and is told who holds it, by name, and what to do.
 */
export function claimRefusal(claim: CaseClaim | null | undefined, actor: Actor): ActionRefusal | undefined {
  if (!claim || !isOfficer(actor) || claim.officerId === actor.id) return undefined;
  return {
    code: 'CASE.ASSIGNED_TO_OTHER',
    message: `Este trámite está asignado a ${claim.officerName}: solo esa persona puede actuar en él. Pídale que lo libere, o a un supervisor de la agencia que se lo reasigne.`,
  };
}

/**
 * Why `actor` may not take `action` on the case now, or undefined when it may. The order of the
 * checks is the refusal's: the case's make, another action running, role, scope, own case,
 * status, another officer's claim (when the facts know it), then the action's own conditions.
 */
export function actionRefusal<V extends { status: S; applicantId: string }, S extends string, A extends string>(
  rules: CaseKindRules<V, S, A>,
  action: A,
  view: V,
  actor: Actor,
  facts: ActionFacts,
): ActionRefusal | undefined {
  const rule = rules.actions[action];
  const failed = (c: ActionCondition<V>): ActionRefusal => ({ code: c.code, message: c.message });
  if (rule.admits && !rule.admits.holds(view, facts.now)) return failed(rule.admits);
  if (facts.busy) return BUSY_REFUSAL;
  if (!rule.roles.includes(actor.role)) return refusal('AUTH.ROLE_NOT_ALLOWED');
  if (AGENCY_ROLES.includes(actor.role) && !rules.managerInScope(view, actor)) return refusal('AUTH.OUT_OF_SCOPE');
  if (actor.role === 'applicant' && actor.id !== view.applicantId) return refusal('AUTH.NOT_YOUR_CASE');
  if (!rule.statuses.includes(view.status))
    return rules.final.includes(view.status) ? { code: 'CASE.CLOSED', message: closedCaseMessage(view.status) } : refusal('CASE.INVALID_STATE');
  const held = claimRefusal(facts.claim, actor);
  if (held) return held;
  const unmet = rule.conditions?.find((c) => !c.holds(view, facts.now));
  return unmet && failed(unmet);
}

/** The actions of the table that `actor` may take on the case now, in the table's order. */
export function actionsAllowed<V extends { status: S; applicantId: string }, S extends string, A extends string>(
  rules: CaseKindRules<V, S, A>,
  view: V,
  actor: Actor,
  now: number,
  claim?: CaseClaim | null,
): A[] {
  return (Object.keys(rules.actions) as A[]).filter((a) => actionRefusal(rules, a, view, actor, { now, claim }) === undefined);
}

// --- in-person cases (sheets 000, 001, 002) -------------------------------------------------------

/** The agency of an in-person case: its appointment's, else the walk-in desk's, else the desk's that books its turno (ADR 0030); none before either. */
export const inPersonCaseAgency = (view: Pick<CaseView, 'appointment' | 'checkedInBy' | 'deskBooking'>): string | undefined =>
  view.appointment?.agencyId ?? view.checkedInBy?.agencyId ?? view.deskBooking?.agencyId;

/** The turno is today in Guayaquil (libs/domain, calendar): a check-in is taken on the day only. */
const TURNO_IS_TODAY: ActionCondition<CaseView> = {
  code: 'APPOINTMENT.NOT_TODAY',
  message: 'El turno no es para hoy',
  holds: (view, now) => toLocalDate(now) === toLocalDate(view.appointment ? Date.parse(view.appointment.startsAt) : 0),
};

const APPLICANT: readonly ActorRole[] = ['applicant'];
const CASE_MANAGER: readonly ActorRole[] = ['case_manager'];
const APPLICANT_OR_CASE_MANAGER: readonly ActorRole[] = ['applicant', 'case_manager'];

const IN_PERSON_ACTIONS = {
  verify_code: { statuses: ['awaiting_verification'], roles: APPLICANT },
  resend_code: {
    statuses: ['awaiting_verification'],
    roles: APPLICANT,
    conditions: [{ code: 'VERIFICATION.NO_MORE_CODES', message: 'Se agotaron los códigos de verificación', holds: (v) => v.verification.codesLeft > 0 }],
  },
  // The desk books on the applicant's behalf a turno it opened (ADR 0030): a case manager is in scope only of such a case.
  book: { statuses: ['awaiting_booking'], roles: APPLICANT_OR_CASE_MANAGER },
  reschedule: { statuses: ['scheduled'], roles: APPLICANT_OR_CASE_MANAGER },
  cancel: { statuses: ['awaiting_verification', 'awaiting_booking', 'scheduled'], roles: APPLICANT_OR_CASE_MANAGER },
  check_in: { statuses: ['scheduled'], roles: CASE_MANAGER, conditions: [TURNO_IS_TODAY] },
  record_documents: { statuses: ['checked_in', 'awaiting_correction'], roles: CASE_MANAGER },
  retry_stuck: { statuses: ['stuck'], roles: CASE_MANAGER },
  resolve_duplicate: { statuses: ['possible_duplicate'], roles: CASE_MANAGER },
  // The waiting room (ADR 0028): the desk calls an arrived turno to a window (again: a recall), or
  // records that it did not come when called. Not updates of the workflow: the API's own routes,
  // the times in turno_calls beside the case's log.
  call_turno: { statuses: ['checked_in'], roles: CASE_MANAGER },
  mark_no_show: { statuses: ['checked_in'], roles: CASE_MANAGER },
  // Not an update of the workflow (the case has ended): the API's own route, ADR 0024.
  resend_issued_document: {
    statuses: ['issued'],
    roles: CASE_MANAGER,
    conditions: [{ code: 'CASE.NOT_ISSUED', message: 'El trámite todavía no tiene un documento emitido que reenviar', holds: (v) => v.result !== undefined }],
  },
} as const satisfies Record<string, ActionRule<CaseView, CaseStatus>>;
export type InPersonAction = keyof typeof IN_PERSON_ACTIONS;

export const IN_PERSON_RULES: CaseKindRules<CaseView, CaseStatus, InPersonAction> = {
  final: FINAL_STATUSES,
  // A case manager acts on the cases of his agency; a case that has none yet (no appointment) is nobody's.
  managerInScope: (view, actor) => !actor.agencyId || actor.agencyId === inPersonCaseAgency(view),
  actions: IN_PERSON_ACTIONS,
};

// --- portal passwords (sheets 003, 004) ----------------------------------------------------------

/** The rules of a portal case: a case with no agency (online) may be taken by any case manager; else by its agency's. */
const credentialRules = <A extends string>(
  actions: Readonly<Record<A, ActionRule<CredentialCaseView, CredentialStatus>>>,
): CaseKindRules<CredentialCaseView, CredentialStatus, A> => ({
  final: CREDENTIAL_FINAL_STATUSES,
  managerInScope: (view, actor) => !view.agencyId || actor.agencyId === view.agencyId,
  actions,
});

const LINKS_LEFT: ActionCondition<CredentialCaseView> = {
  code: 'LINK.NO_MORE_LINKS',
  message: 'Ya se enviaron todos los enlaces permitidos para este trámite',
  holds: (view) => (view.link?.linksLeft ?? 0) > 0,
};

const AFFILIATE_PASSWORD_ACTIONS = {
  answer_identity: { statuses: ['identity_check'], roles: APPLICANT },
  confirm_email: { statuses: ['awaiting_email'], roles: APPLICANT },
  unlock_credential: { statuses: ['locked'], roles: ['case_manager', 'admin'] },
  resend_password_link: { statuses: ['link_expired'], roles: APPLICANT, conditions: [LINKS_LEFT] },
} as const satisfies Record<string, ActionRule<CredentialCaseView, CredentialStatus>>;
export type AffiliatePasswordAction = keyof typeof AFFILIATE_PASSWORD_ACTIONS;

export const AFFILIATE_PASSWORD_RULES = credentialRules(AFFILIATE_PASSWORD_ACTIONS);

const VIRTUAL_ONLY = (message: string): ActionCondition<CredentialCaseView> => ({
  code: 'CASE.WRONG_CHANNEL',
  message,
  holds: (view) => view.channel === 'virtual',
});

const EMPLOYER_PASSWORD_ACTIONS = {
  submit_uploads: {
    admits: VIRTUAL_ONLY('Este trámite se atiende en ventanilla; los documentos se registran en la agencia'),
    statuses: ['awaiting_submission', 'awaiting_correction'],
    roles: APPLICANT,
  },
  office_review: {
    admits: VIRTUAL_ONLY('Solo los trámites de la Ventanilla Virtual pasan por revisión de la Coordinación Provincial'),
    statuses: ['office_review'],
    roles: CASE_MANAGER,
  },
  record_window_documents: {
    admits: {
      code: 'CASE.WRONG_CHANNEL',
      message: 'Este trámite es de la Ventanilla Virtual; los documentos se cargan en línea',
      holds: (view) => view.channel !== 'virtual',
    },
    statuses: ['awaiting_window_review', 'awaiting_correction'],
    roles: CASE_MANAGER,
  },
  resend_password_link: { statuses: ['link_expired'], roles: APPLICANT_OR_CASE_MANAGER, conditions: [LINKS_LEFT] },
} as const satisfies Record<string, ActionRule<CredentialCaseView, CredentialStatus>>;
export type EmployerPasswordAction = keyof typeof EMPLOYER_PASSWORD_ACTIONS;

export const EMPLOYER_PASSWORD_RULES = credentialRules(EMPLOYER_PASSWORD_ACTIONS);

// --- any case ----------------------------------------------------------------------------------

/** Every action of every kind of case (the vocabulary of `availableActions`). */
export type CaseAction = InPersonAction | AffiliatePasswordAction | EmployerPasswordAction;
export const CASE_ACTIONS: readonly CaseAction[] = [
  ...new Set<CaseAction>([
    ...(Object.keys(IN_PERSON_ACTIONS) as InPersonAction[]),
    ...(Object.keys(AFFILIATE_PASSWORD_ACTIONS) as AffiliatePasswordAction[]),
    ...(Object.keys(EMPLOYER_PASSWORD_ACTIONS) as EmployerPasswordAction[]),
  ]),
];

const IN_PERSON_PROCEDURES: Readonly<Record<InPersonProcedure | CredentialProcedure, boolean>> = {
  FOREIGNER_CODE: true,
  FOREIGNER_CODE_EMPLOYMENT: true,
  NON_AFFILIATION_CERTIFICATE: true,
  AFFILIATE_PORTAL_PASSWORD: false,
  EMPLOYER_PORTAL_PASSWORD: false,
};

/** What `actor` may do now to any case, by its kind's table (its procedure says which); `claim`: who holds the case, when known. */
export function availableActions(view: CaseView | CredentialCaseView, actor: Actor, now: number, claim?: CaseClaim | null): CaseAction[] {
  if (IN_PERSON_PROCEDURES[view.procedure]) return actionsAllowed(IN_PERSON_RULES, view as CaseView, actor, now, claim);
  if (view.procedure === 'AFFILIATE_PORTAL_PASSWORD') return actionsAllowed(AFFILIATE_PASSWORD_RULES, view as CredentialCaseView, actor, now, claim);
  return actionsAllowed(EMPLOYER_PASSWORD_RULES, view as CredentialCaseView, actor, now, claim);
}

/** What the API adds to every case view it answers: the actions the caller may take now, by the table. */
export interface AvailableActions {
  availableActions: CaseAction[];
}

// --- claims: who works a case (ADR 0022, amended 2026-12-07) ------------------------------------

/**
 * The claim of a case: "Asignarme" (a case manager takes an open case nobody holds), "Liberar"
 * (its holder, or a supervisor of the agency, lets it go) and "Reasignar" (a supervisor hands an
 * open case to a case manager of the agency, with a reason). Not updates of the workflow: the
 * API's own routes over the read model (`case_assignments`), logged for the auditor.
 */
export type AssignmentAction = 'claim' | 'release' | 'reassign';
export const ASSIGNMENT_ACTIONS: readonly AssignmentAction[] = ['claim', 'release', 'reassign'];

/** What the claim's rules need to know about the case. */
export interface AssignmentFacts {
  /** The case has closed (issued, rejected, cancelled, lapsed...): nobody takes it any more. */
  closed: boolean;
  /** The case's agency (none yet: nobody's). */
  agencyId: string | null | undefined;
  claim: CaseClaim | null;
}

const ASSIGNMENT_MESSAGES = {
  'CASE.ALREADY_YOURS': 'Este trámite ya está asignado a usted.',
  'CASE.NOT_ASSIGNED': 'El trámite no está asignado a nadie: no hay nada que liberar.',
} as const satisfies Partial<Record<ErrorCode, string>>;

const ASSIGNMENT_RULES: Readonly<Record<AssignmentAction, { roles: readonly ActorRole[]; open: boolean }>> = {
  claim: { roles: ['case_manager'], open: true },
  release: { roles: AGENCY_ROLES, open: false },
  reassign: { roles: ['supervisor'], open: true },
};

/** Why `actor` may not take `action` on the case's claim now, or undefined: role, scope, closed, then the claim itself. */
export function assignmentRefusal(action: AssignmentAction, facts: AssignmentFacts, actor: Actor): ActionRefusal | undefined {
  const rule = ASSIGNMENT_RULES[action];
  if (!rule.roles.includes(actor.role)) return refusal('AUTH.ROLE_NOT_ALLOWED');
  if (!facts.agencyId || actor.agencyId !== facts.agencyId) return refusal('AUTH.OUT_OF_SCOPE');
  if (rule.open && facts.closed) return refusal('CASE.CLOSED');
  const mine = facts.claim?.officerId === actor.id;
  switch (action) {
    case 'claim':
      if (mine) return { code: 'CASE.ALREADY_YOURS', message: ASSIGNMENT_MESSAGES['CASE.ALREADY_YOURS'] };
      return claimRefusal(facts.claim, actor);
    case 'release':
      if (!facts.claim) return { code: 'CASE.NOT_ASSIGNED', message: ASSIGNMENT_MESSAGES['CASE.NOT_ASSIGNED'] };
      return actor.role === 'supervisor' ? undefined : claimRefusal(facts.claim, actor);
    case 'reassign':
      return undefined;
  }
}

/** The claim's actions `actor` may take on the case now, in the table's order (what the pages draw). */
export function assignmentActionsAllowed(facts: AssignmentFacts, actor: Actor): AssignmentAction[] {
  return ASSIGNMENT_ACTIONS.filter((a) => assignmentRefusal(a, facts, actor) === undefined);
}
