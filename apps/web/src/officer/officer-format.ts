import type { CaseStatus } from '@tramites/contracts';
import { clock, longDate } from '../shared/format';

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

export const statusText = (status: string): string => (OFFICER_STATUS_TEXT as Record<string, string>)[status] ?? status;

export const PROCEDURE_SHORT: Record<string, string> = {
  FOREIGNER_CODE: '000 · Código de extranjero',
  FOREIGNER_CODE_EMPLOYMENT: '001 · Código de extranjero (empleador)',
  NON_AFFILIATION_CERTIFICATE: '002 · Certificado de no afiliación',
  AFFILIATE_PORTAL_PASSWORD: '003 · Clave de afiliado',
  EMPLOYER_PORTAL_PASSWORD: '004 · Clave patronal',
};

/** The queues in the order the page shows them, with their names. */
export const QUEUES: Array<{ id: string; name: string }> = [
  { id: 'appointments', name: 'Turnos del día' },
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
