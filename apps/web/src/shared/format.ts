import type { CaseStatus } from '@tramites/contracts';
import { NATIONALITIES as ALL_NATIONALITIES } from '@tramites/domain';

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

/** A nationality's Spanish name from its code (ISO 3166-1 alpha-3 or ICAO 9303: libs/domain); an unknown code as it came. */
export const nationalityName = (code: string | null | undefined): string => (code ? (ALL_NATIONALITIES.find((n) => n.code === code)?.es ?? code) : '');

/** Every nationality as a select's options: the frequent ones first, then the rest by their Spanish name. */
export function nationalityOptions(): Array<{ value: string; text: string }> {
  const first = NATIONALITIES.map(([value, text]) => ({ value, text }));
  const rest = ALL_NATIONALITIES.filter((n) => !NATIONALITIES.some(([c]) => c === n.code))
    .map((n) => ({ value: n.code, text: n.es }))
    .sort((a, b) => a.text.localeCompare(b.text, 'es'));
  return [...first, ...rest];
}

/** A holder's identity document in words ("pasaporte"); an unknown type as it came. */
export const documentTypeName = (type: string | null | undefined): string => (type ? (DOCUMENT_TYPES[type]?.toLowerCase() ?? type) : '');

/** The identity documents a filer shows at the window (sheets 000-002). */
export const FILER_IDENTITY_TYPES: Record<string, string> = {
  cedula: 'Cédula de identidad',
  foreigner_code: 'Código de identificación para extranjero',
  passport: 'Pasaporte',
  visa: 'Visa',
};

/** 001, NOTA: the vulnerable groups attended without an online turno. */
export const VULNERABLE_GROUPS: Record<string, string> = {
  elderly: 'Adulto mayor',
  disabled: 'Persona con discapacidad',
  pregnant: 'Mujer embarazada',
};

/** Who files, as a noun in a sentence ("presenta: apoderado"). */
export const FILER_ROLE_NAMES: Record<string, string> = {
  holder: 'titular',
  employer: 'empleador',
  attorney: 'apoderado',
  authorised_third_party: 'tercero autorizado',
  legal_representative: 'representante legal',
};
