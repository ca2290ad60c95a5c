import type { CaseStatus, CredentialStatus, DuplicateReview } from '@tramites/contracts';
import type { components } from '../api/api-types';
import { isProcedureType, getProcedure } from '@tramites/domain';
import { clock, FILER_IDENTITY_TYPES, FILER_ROLE_NAMES, longDate, VULNERABLE_GROUPS } from '../shared/format';

/** The case managers' words for each status (the applicant's are in shared/format.ts). */
export const OFFICER_STATUS_TEXT: Record<CaseStatus, string> = {
  awaiting_verification: 'Esperando la verificación del correo',
  awaiting_booking: 'Sin turno todavía',
  scheduled: 'Con turno',
  checked_in: 'Llegó: revisar documentos',
  awaiting_correction: 'Esperando corrección',
  legal_review: 'En la unidad jurídica (poder)',
  issuing: 'Emitiendo',
  stuck: 'Detenido: un registro externo no responde',
  possible_duplicate: 'Posible duplicado: decidir',
  issued: 'Emitido',
  rejected: 'Negado',
  lapsed: 'Caducado',
  cancelled: 'Cancelado',
  abandoned: 'Abandonado',
  verification_failed: 'Correo no verificado',
};

/** The portal passwords' statuses (003, 004) in the case managers' words. */
export const OFFICER_CREDENTIAL_STATUS_TEXT: Record<CredentialStatus, string> = {
  identity_check: 'Verificando la identidad del afiliado',
  locked: 'Clave bloqueada',
  awaiting_email: 'Esperando el correo del afiliado',
  awaiting_submission: 'Esperando los documentos (Ventanilla Virtual)',
  awaiting_window_review: 'En ventanilla: revisar documentos',
  office_review: 'En revisión de la Coordinación Provincial',
  awaiting_correction: 'Esperando corrección',
  link_sent: 'Enlace enviado al correo registrado',
  link_expired: 'Enlace vencido sin usar',
  issued: 'Clave creada',
  rejected: 'Negado',
  expired: 'Caducado',
  abandoned: 'Abandonado',
};

const CREDENTIAL_PROCEDURES = new Set(['AFFILIATE_PORTAL_PASSWORD', 'EMPLOYER_PORTAL_PASSWORD']);

/** A status in words; a portal password's (003, 004) in its own words where a status shares its name ("issued": "Clave creada"). */
export const statusText = (status: string, procedure?: string): string => {
  const inPerson = (OFFICER_STATUS_TEXT as Record<string, string>)[status];
  const credential = (OFFICER_CREDENTIAL_STATUS_TEXT as Record<string, string>)[status];
  return (procedure && CREDENTIAL_PROCEDURES.has(procedure) ? (credential ?? inPerson) : (inPerson ?? credential)) ?? status;
};

export const PROCEDURE_SHORT: Record<string, string> = {
  FOREIGNER_CODE: '000 · Código de extranjero',
  FOREIGNER_CODE_EMPLOYMENT: '001 · Código de extranjero (relación de dependencia)',
  NON_AFFILIATION_CERTIFICATE: '002 · Certificado de no afiliación',
  AFFILIATE_PORTAL_PASSWORD: '003 · Clave de afiliado',
  EMPLOYER_PORTAL_PASSWORD: '004 · Clave patronal',
};

/** The queues in the order the page shows them, with their names. */
export const QUEUES: Array<{ id: string; name: string }> = [
  { id: 'appointments', name: 'Turnos del día' },
  { id: 'mine', name: 'Mis trámites' },
  { id: 'checked_in', name: 'Llegaron' },
  { id: 'awaiting_correction', name: 'Esperando corrección' },
  { id: 'stuck', name: 'Detenidos' },
  { id: 'possible_duplicate', name: 'Posibles duplicados' },
  { id: 'overdue', name: 'Vencidos' },
  { id: 'open', name: 'Todos los abiertos' },
];

/** Time left: a colour AND a word (never colour alone). */
export const URGENCY: Record<string, { word: string; tagClass: string }> = {
  on_time: { word: 'A tiempo', tagClass: 'govuk-tag--green' },
  due_soon: { word: 'Por vencer', tagClass: 'govuk-tag--yellow' },
  overdue: { word: 'Vencido', tagClass: 'govuk-tag--red' },
};

export const when = (iso: string | null | undefined): string => (iso ? `${longDate(iso)}, ${clock(iso)}` : '');
export const hour = (iso: string | null | undefined): string => (iso ? clock(iso) : '');

/** The officers' roles in Spanish (filters, actors). */
export const ROLE_NAMES: Record<string, string> = {
  case_manager: 'gestor',
  legal_unit: 'unidad jurídica',
  auditor: 'auditor',
  admin: 'administrador',
  supervisor: 'supervisor',
  applicant: 'solicitante',
  system: 'sistema',
};

/** The roles as a filter or a column names them. */
export const ROLE_LABELS: Record<string, string> = {
  applicant: 'Solicitante',
  case_manager: 'Gestor de casos',
  legal_unit: 'Unidad jurídica',
  supervisor: 'Supervisor de agencia',
  auditor: 'Auditor',
  admin: 'Administrador',
  system: 'El sistema',
};

/** Who did something, by name: "Ana Pérez (gestor, UIO-NORTE)", "el sistema", "el solicitante (1712345675)"; never a bare officer id. */
export function actorLabel(
  a: { id: string; role: string; name?: string | null; agencyId?: string | null; province?: string | null },
  nameOf: (officerId: string) => string | undefined = () => undefined,
): string {
  if (a.role === 'system') return 'el sistema';
  // An applicant's id is their identity number (cédula, foreigner code, passport): the officers may read it.
  if (a.role === 'applicant') return `el solicitante (${a.id})`;
  const role = ROLE_NAMES[a.role] ?? 'funcionario';
  const scope = a.agencyId ?? a.province;
  const name = a.name ?? nameOf(a.id);
  if (name) return `${name} (${role}${scope ? `, ${scope}` : ''})`;
  return `un ${role} sin nombre en el directorio`;
}

/** The procedure as the sheet names it, with its number: "001 · Asignación de código … bajo relación de dependencia". */
export function procedureLine(procedure: string): string {
  if (!isProcedureType(procedure)) return PROCEDURE_SHORT[procedure] ?? procedure;
  const p = getProcedure(procedure);
  return `${p.sheet} · ${p.name}`;
}

type FilingLike = components['schemas']['FilingDto'];

/** Who files, in words for the case page (a case opened before filings were kept shows its role and number only). */
export function filingFacts(f: FilingLike | null | undefined, applicantId: string, filerRole: string) {
  const role = FILER_ROLE_NAMES[f?.filerRole ?? filerRole] ?? 'solicitante';
  const idType = f?.filerIdentityType ? (FILER_IDENTITY_TYPES[f.filerIdentityType] ?? '').toLowerCase() : 'documento';
  const number = f?.filerIdentityNumber ?? applicantId;
  return {
    filer: `${f?.filerName ? `${f.filerName}, ` : ''}${role} (${idType} ${number})`,
    role,
    employer: f?.employerId ? `RUC ${f.employerId}${f.employerName ? ` · ${f.employerName}` : ' · no consta en el registro de empleadores'}` : '',
    contact: f ? `${f.email} · ${f.mobile}` : '',
    priority: f?.vulnerableGroup
      ? `${VULNERABLE_GROUPS[f.vulnerableGroup] ?? f.vulnerableGroup}: atención prioritaria sin turno en línea (ficha 001, NOTA)`
      : '',
    poder: f?.poder
      ? `Escritura ${f.poder.deedNumber}, ${f.poder.notary}${f.poder.validUntil ? `, vigente hasta ${f.poder.validUntil}` : ''}; apoderado ${f.poder.attorneyName}`
      : '',
    // ADR 0030: a turno the desk booked on the person's behalf names the officer who booked it.
    bookedAtDesk: f?.bookedAtDesk
      ? `Turno en línea reservado en ventanilla, por cuenta de la persona, por ${f.bookedAtDesk.officerName ?? 'un gestor sin nombre en el directorio'} (${f.bookedAtDesk.agencyId})`
      : '',
  };
}

/** The duplicate decision as decided: what, by whom, when and why. */
export function duplicateDecisionText(r: DuplicateReview | undefined): string {
  if (!r?.decision) return '';
  const what =
    r.decision === 'same_person' ? `Es la misma persona: se le entregó su código ${r.code ?? ''}`.trim() : 'Es otra persona: se emitió un código nuevo';
  const who = r.decidedBy ? ` Decidió ${actorLabel(r.decidedBy)}` : '';
  const at = r.decidedAt ? `${who ? '' : ' Decidido'} el ${when(r.decidedAt)}` : '';
  return `${what}.${who}${at}.${r.reason ? ` Motivo: «${r.reason}».` : ''}`;
}
