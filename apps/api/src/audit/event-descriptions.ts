/** What each event of a case's log means, in the auditor's words (es-EC). */
const EVENT_DESCRIPTIONS: Readonly<Record<string, string>> = {
  CASE_OPENED: 'Trámite iniciado',
  VERIFICATION_CODE_SENT: 'Código de verificación enviado al correo',
  BOOKER_VERIFIED: 'Correo del solicitante verificado con el código',
  VERIFICATION_FAILED_ATTEMPT: 'Intento fallido de verificación del código',
  APPOINTMENT_BOOKED: 'Turno reservado',
  APPOINTMENT_RESCHEDULED: 'Turno cambiado a otro horario',
  APPOINTMENT_REMINDER_SENT: 'Recordatorio del turno enviado',
  CASE_CANCELLED: 'Trámite cancelado',
  CASE_CHECKED_IN: 'Llegada registrada en ventanilla',
  DOCUMENTS_ACCEPTED: 'Documentos revisados y aceptados en ventanilla',
  DOCUMENTS_OBSERVED: 'Documentos observados: el solicitante debe corregirlos',
  CASE_REJECTED: 'Trámite rechazado',
  CASE_ABANDONED: 'Trámite abandonado: no se corrigieron los documentos a tiempo',
  CASE_LAPSED: 'Trámite caducado',
  PODER_FOUND_ENDORSED: 'Poder encontrado ya sumillado en el registro',
  PODER_SENT_TO_LEGAL_UNIT: 'Poder enviado a la unidad jurídica para su revisión',
  PODER_ENDORSED: 'Poder sumillado por la unidad jurídica',
  PODER_REJECTED: 'Poder rechazado por la unidad jurídica',
  CASE_STUCK: 'Trámite detenido: un registro externo no respondió',
  STUCK_RETRY_REQUESTED: 'Reintento del paso detenido solicitado',
  CASE_ESCALATED: 'Trámite escalado al coordinador provincial',
  FOREIGNER_CODE_ISSUED: 'Código de identificación para extranjeros emitido',
  CERTIFICATE_ISSUED: 'Certificado de no afiliación emitido',
};

/** The Spanish description of an event type; an unknown (newer) type is still shown, by name. */
export function describeEvent(type: string): string {
  return EVENT_DESCRIPTIONS[type] ?? `Evento ${type}`;
}

/** What each entry of case_access_log (an officer's or auditor's access) means. */
const ACCESS_DESCRIPTIONS: Readonly<Record<string, string>> = {
  read_case: 'Consulta del estado del trámite',
  check_in: 'Registro de llegada en ventanilla',
  record_documents: 'Registro de documentos en ventanilla',
  reschedule: 'Cambio de turno',
  cancel: 'Cancelación del trámite',
  retry_stuck: 'Reintento de un paso detenido',
  endorse_poder: 'Sumilla de un poder',
  reject_poder: 'Rechazo de un poder',
  audit_timeline: 'Auditoría: consulta de la línea de tiempo',
  audit_state_as_of: 'Auditoría: consulta del estado a una fecha',
  audit_verification: 'Auditoría: verificación de la cadena de eventos',
  audit_history_export: 'Auditoría: exportación del historial de Temporal',
  audit_history_export_decrypted: 'Auditoría: exportación del historial de Temporal con los datos descifrados',
  audit_replay: 'Auditoría: reproducción del historial con el código actual',
  audit_actions_search: 'Auditoría: búsqueda de acciones',
};

export function describeAccess(action: string): string {
  return ACCESS_DESCRIPTIONS[action] ?? `Acceso registrado: ${action}`;
}
