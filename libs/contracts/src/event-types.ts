import { DUPLICATE_REVIEW_EVENTS } from './case';

/**
 * Every type of event a case's log can hold, with what it means in the auditor's and the
 * citizen's timeline (es-EC). The workflows' `record` takes only these types, so a new one
 * cannot reach the log without its label. Published types are never renamed.
 */
export const CASE_EVENT_LABELS = {
  // --- every case
  CASE_OPENED: 'Trámite iniciado',
  CASE_CANCELLED: 'Trámite cancelado',
  CASE_REJECTED: 'Trámite rechazado',
  CASE_ABANDONED: 'Trámite abandonado: no se completó a tiempo',
  CASE_LAPSED: 'Trámite caducado',
  CASE_EXPIRED: 'Trámite vencido: el plazo para completarlo terminó',
  CASE_STUCK: 'Trámite detenido: un registro externo no respondió',
  STUCK_RETRY_REQUESTED: 'Reintento del paso detenido solicitado',
  CASE_ESCALATED: 'Trámite escalado al coordinador provincial',
  // --- booking and the window (000, 001, 002, 004 in person)
  VERIFICATION_CODE_SENT: 'Código de verificación enviado al correo',
  BOOKER_VERIFIED: 'Correo del solicitante verificado con el código',
  VERIFICATION_FAILED_ATTEMPT: 'Intento fallido de verificación del código',
  APPOINTMENT_BOOKED: 'Turno reservado',
  APPOINTMENT_RESCHEDULED: 'Turno cambiado a otro horario',
  APPOINTMENT_REMINDER_SENT: 'Recordatorio del turno enviado',
  CASE_CHECKED_IN: 'Llegada registrada en ventanilla',
  DOCUMENTS_ACCEPTED: 'Documentos revisados y aceptados',
  DOCUMENTS_OBSERVED: 'Documentos observados: el solicitante debe corregirlos',
  // --- poderes (001)
  PODER_FOUND_ENDORSED: 'Poder encontrado ya sumillado en el registro',
  PODER_SENT_TO_LEGAL_UNIT: 'Poder enviado a la unidad jurídica para su revisión',
  PODER_ENDORSED: 'Poder sumillado por la unidad jurídica',
  PODER_REJECTED: 'Poder rechazado por la unidad jurídica',
  // --- issuance (000, 001, 002)
  [DUPLICATE_REVIEW_EVENTS.found]: 'Posible duplicado: la persona podría tener ya un código; la emisión espera la decisión de un gestor',
  [DUPLICATE_REVIEW_EVENTS.resolved]: 'Posible duplicado decidido por un gestor (misma persona u otra persona), con su motivo',
  FOREIGNER_CODE_ISSUED: 'Código de identificación para extranjeros emitido',
  CERTIFICATE_ISSUED: 'Certificado de no afiliación emitido',
  // --- affiliate portal password (003)
  IDENTITY_QUESTIONS_DRAWN: 'Preguntas de verificación de identidad generadas',
  IDENTITY_CHECK_PASSED: 'Identidad verificada con las preguntas',
  IDENTITY_CHECK_FAILED: 'Respuestas de verificación de identidad incorrectas',
  CREDENTIAL_LOCKED: 'Clave bloqueada por intentos fallidos',
  CREDENTIAL_FOUND_LOCKED: 'La clave ya estaba bloqueada al iniciar',
  CREDENTIAL_UNLOCKED: 'Clave desbloqueada por un funcionario, con su motivo',
  EMAIL_CONFIRMED: 'Correo electrónico confirmado',
  EMAIL_CHANGED: 'Correo electrónico cambiado',
  // --- employer portal password (004)
  EMPLOYER_VERIFIED: 'Empleador registrado y con solicitud de entrega de clave',
  SUBMISSION_RECEIVED: 'Documentos recibidos por la Ventanilla Virtual',
  SUBMISSION_OBSERVED: 'Documentos de la Ventanilla Virtual observados',
  SUBMISSION_NOT_CHECKED: 'No se pudieron revisar los documentos cargados; se puede reintentar',
  ROUTED_TO_OFFICE: 'Trámite enviado a la oficina de la provincia del empleador',
  OFFICE_APPROVED: 'Solicitud aprobada por la oficina provincial',
  // --- the password link (003, 004)
  PASSWORD_LINK_SENT: 'Enlace para generar la clave enviado al correo',
  PASSWORD_LINK_EXPIRED: 'El enlace para generar la clave venció sin usarse',
  PASSWORD_SET: 'Clave generada por su titular',
} as const;

export type CaseEventType = keyof typeof CASE_EVENT_LABELS;

export const CASE_EVENT_TYPES = Object.keys(CASE_EVENT_LABELS) as readonly CaseEventType[];

export function isCaseEventType(type: string): type is CaseEventType {
  return Object.prototype.hasOwnProperty.call(CASE_EVENT_LABELS, type);
}
