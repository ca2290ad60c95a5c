import type { CaseStatus } from '@tramites/contracts';

const TZ = 'America/Guayaquil';
const dayFmt = new Intl.DateTimeFormat('es-EC', { timeZone: TZ, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const timeFmt = new Intl.DateTimeFormat('es-EC', { timeZone: TZ, hour: '2-digit', minute: '2-digit', hour12: false });

/** "martes, 1 de diciembre de 2026" in Guayaquil. */
export const longDate = (iso: string): string => dayFmt.format(new Date(iso));
/** "09:30" in Guayaquil. */
export const clock = (iso: string): string => timeFmt.format(new Date(iso));
/** A calendar day "2026-12-01" in words (noon UTC is the same day in Guayaquil). */
export const dayInWords = (day: string): string => dayFmt.format(new Date(`${day}T17:00:00Z`));

export const STATUS_TEXT: Record<CaseStatus, string> = {
  awaiting_verification: 'Esperando que verifique su correo',
  awaiting_booking: 'Correo verificado: falta elegir el turno',
  scheduled: 'Turno reservado',
  checked_in: 'Atendido en la agencia: revisión de documentos',
  awaiting_correction: 'Tiene observaciones por corregir',
  legal_review: 'En revisión de la Unidad de Asesoría Jurídica',
  issuing: 'Emitiendo el documento',
  stuck: 'En espera de un registro externo',
  possible_duplicate: 'En revisión: la persona podría tener ya un código',
  issued: 'Documento emitido',
  rejected: 'Negado',
  lapsed: 'Caducado',
  cancelled: 'Cancelado',
  abandoned: 'Abandonado: no asistió al turno',
  verification_failed: 'No se pudo verificar el correo',
};

export const DOCUMENT_TYPES: Record<string, string> = {
  passport: 'Pasaporte',
  visa: 'Visa',
  home_country_id: 'Documento de identidad del país de origen',
};

/** Nationalities offered in the form (ISO 3166-1 alfa-3), most frequent at IESS windows first. */
export const NATIONALITIES: Array<[string, string]> = [
  ['VEN', 'Venezuela'],
  ['COL', 'Colombia'],
  ['PER', 'Perú'],
  ['CUB', 'Cuba'],
  ['CHN', 'China'],
  ['USA', 'Estados Unidos'],
  ['ESP', 'España'],
  ['ARG', 'Argentina'],
  ['CHL', 'Chile'],
  ['BOL', 'Bolivia'],
  ['BRA', 'Brasil'],
  ['MEX', 'México'],
  ['HTI', 'Haití'],
  ['DOM', 'República Dominicana'],
  ['ITA', 'Italia'],
  ['FRA', 'Francia'],
  ['DEU', 'Alemania'],
  ['CAN', 'Canadá'],
  ['GBR', 'Reino Unido'],
  ['RUS', 'Rusia'],
  ['UKR', 'Ucrania'],
];
