import { CASE_EVENT_LABELS, isCaseEventType } from '@tramites/contracts';

/** The Spanish description of an event type (libs/contracts); an unknown type is still shown, by name. */
export function describeEvent(type: string): string {
  return isCaseEventType(type) ? CASE_EVENT_LABELS[type] : `Evento ${type}`;
}

/** What each entry of case_access_log (an officer's or auditor's access) means. */
const ACCESS_DESCRIPTIONS: Readonly<Record<string, string>> = {
  read_case: 'Consulta del estado del trámite',
  check_in: 'Registro de llegada en ventanilla',
  record_documents: 'Registro de documentos en ventanilla',
  reschedule: 'Cambio de turno',
  cancel: 'Cancelación del trámite',
  retry_stuck: 'Reintento de un paso detenido',
  resolve_duplicate: 'Decisión de un posible duplicado',
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
