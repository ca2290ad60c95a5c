import { ERROR_CODES, isErrorCode } from '@tramites/contracts';
import { DOCUMENT_KIND_LABELS, isReasonCode, PROCEDURES, reasonText, type FieldRequirement } from '@tramites/domain';
import { dayInWords, documentTypeName, FILER_ROLE_NAMES, nationalityName, STATUS_TEXT, VULNERABLE_GROUPS } from '../shared/format';
import { actorLabel, procedureLine, ROLE_NAMES, when } from './officer-format';

/** One value of an event's data, as a person reads it: a Spanish label and its value in words. */
export interface EventField {
  label: string;
  value: string;
}

/** The labels of the keys the workflows record in events (workflows/, `record(...)`), in Spanish. */
const LABELS: Record<string, string> = {
  procedure: 'Trámite',
  province: 'Provincia',
  filerRole: 'Presenta',
  holder: 'Titular',
  nationality: 'Nacionalidad',
  documentType: 'Documento',
  documentNumber: 'Número de documento',
  walkIn: 'Sin turno en línea',
  // ADR 0030: the turno booked at the desk on the person's behalf, verified by the officer who saw them.
  deskBooking: 'Turno reservado en ventanilla',
  atDesk: 'Verificado en ventanilla de la agencia',
  vulnerableGroup: 'Grupo vulnerable',
  agencyId: 'Agencia',
  agencyName: 'Agencia',
  slotId: 'Turno',
  reference: 'Referencia',
  startsAt: 'Hora del turno',
  closesAt: 'Cierre de la agencia',
  status: 'Estado',
  reason: 'Motivo',
  reasons: 'Motivos',
  registry: 'Registro consultado',
  step: 'Paso',
  to: 'Escalado a',
  outcome: 'Resultado',
  attemptsLeft: 'Intentos restantes',
  ordinal: 'Número de envío',
  expiresAt: 'Vence',
  correctionDueAt: 'Plazo de corrección',
  poderId: 'Poder',
  validUntil: 'Vigente hasta',
  linkId: 'Enlace',
  sentTo: 'Enviado a',
  linksLeft: 'Enlaces restantes',
  setAt: 'Fijada',
  setBy: 'Por',
  questions: 'Preguntas',
  personal: 'Preguntas personales',
  channel: 'Canal',
  failedTotal: 'Intentos fallidos',
  error: 'Error',
  keyRequestNumber: 'Solicitud de clave',
  decision: 'Decisión',
  code: 'Código',
  verificationNumber: 'Número de verificación',
  documentSha256: 'Huella del documento',
  alreadyHad: 'Ya tenía código',
  issuedAt: 'Emitido',
  kind: 'Documento',
  copy: 'Copia',
  original: 'Original',
  signature: 'Firma',
  signedBy: 'Firmado por',
  belongsTo: 'De',
  fields: 'Datos',
  sha256: 'Huella',
  agency: 'Agencia',
  deadlineAt: 'Plazo',
  candidates: 'Candidatos',
  fullName: 'Nombres',
  birthDate: 'Nacimiento',
  officerId: 'Funcionario',
  actor: 'Actor',
  by: 'Por',
  id: 'Identificador',
  role: 'Rol',
  employerId: 'Empleador',
  attorneyName: 'Apoderado',
  deedNumber: 'Escritura',
  notary: 'Notaría',
  note: 'Nota',
  comment: 'Comentario',
  documents: 'Documentos',
  checklist: 'Revisión',
};

/** The labels the sheets give to the data read from documents and forms (libs/domain's field specs), by key. */
const FIELD_LABELS: Record<string, string> = (() => {
  const labels: Record<string, string> = {};
  const add = (fields: readonly FieldRequirement[] | undefined): void => {
    for (const f of fields ?? []) {
      if ('key' in f) labels[f.key] ??= f.label;
      else for (const option of f.oneOf) add(option);
    }
  };
  for (const p of Object.values(PROCEDURES))
    for (const r of p.requirements as ReadonlyArray<{ document?: { fields?: readonly FieldRequirement[] }; fields?: readonly FieldRequirement[] }>) {
      add(r.document?.fields);
      add(r.fields);
    }
  return labels;
})();

const WORDS: Record<string, Record<string, string>> = {
  outcome: { accepted: 'aceptado', observed: 'observado', rejected: 'negado', ok: 'correcto', wrong: 'incorrecto', expired: 'vencido' },
  decision: { same_person: 'es la misma persona', different_person: 'es otra persona' },
  channel: { in_person: 'en ventanilla', virtual: 'Ventanilla Virtual' },
  to: { provincial_coordinator: 'la coordinación provincial' },
  kind: { FOREIGNER_CODE: 'código de extranjero', NON_AFFILIATION_CERTIFICATE: 'certificado de no afiliación' },
  signature: { handwritten: 'manuscrita', electronic: 'electrónica', none: 'sin firma' },
  signedBy: {
    employer: 'el empleador',
    holder: 'el titular',
    attorney: 'el apoderado',
    third_party: 'el tercero autorizado',
    legal_representative: 'el representante legal',
  },
  belongsTo: {
    holder: 'el titular',
    third_party: 'el tercero autorizado',
    employer: 'el empleador',
    attorney: 'el apoderado',
    legal_representative: 'el representante legal',
  },
};

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
/** An officer's id as the identity provider issues them ("officer-uio-norte-1"): never shown bare. */
const OFFICER_ID = /^(officer|legal|auditor|admin|supervisor)-[a-z0-9-]+$/i;

export type NameOf = (officerId: string) => string | undefined;

/** A value in words: codes named, instants in Guayaquil, officers by name. */
function words(key: string, value: unknown, nameOf: NameOf): string {
  if (value === null || value === undefined) return key === 'walkIn' ? 'no' : 'ninguno';
  if (typeof value === 'boolean') return value ? 'sí' : 'no';
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.length ? value.map((v) => words(key, v, nameOf)).join('; ') : 'ninguno';
  if (typeof value === 'object') {
    return fieldsOf(value as Record<string, unknown>, nameOf)
      .map((f) => `${f.label}: ${f.value}`)
      .join(', ');
  }
  const s = String(value);
  const table = WORDS[key];
  if (table?.[s]) return table[s];
  if (key === 'status') return (STATUS_TEXT as Record<string, string>)[s]?.toLowerCase() ?? s;
  if (key === 'procedure') return procedureLine(s);
  if (key === 'kind' && s in DOCUMENT_KIND_LABELS) return DOCUMENT_KIND_LABELS[s as keyof typeof DOCUMENT_KIND_LABELS];
  if (key === 'nationality') return nationalityName(s);
  if (key === 'documentType') return documentTypeName(s);
  if (key === 'filerRole') return FILER_ROLE_NAMES[s] ?? s;
  if (key === 'vulnerableGroup') return VULNERABLE_GROUPS[s]?.toLowerCase() ?? s;
  if (key === 'role') return ROLE_NAMES[s] ?? s;
  if (isReasonCode(s)) return reasonText(s);
  if (isErrorCode(s)) return ERROR_CODES[s].message;
  if (ISO_INSTANT.test(s)) return when(s);
  if (ISO_DAY.test(s)) return dayInWords(s);
  if (OFFICER_ID.test(s)) return nameOf(s) ?? 'un funcionario sin nombre en el directorio';
  if (s === 'system') return 'el sistema';
  return s;
}

/**
 * An event's data as labelled Spanish fields (never raw JSON): each key by its label, each
 * value in words; an actor object by the officer's name.
 */
export function fieldsOf(data: Record<string, unknown> | null | undefined, nameOf: NameOf = () => undefined): EventField[] {
  if (!data) return [];
  const out: EventField[] = [];
  for (const [key, value] of Object.entries(data)) {
    if (value === undefined) continue;
    // An actor recorded inside the data: by name, like the event's own actor.
    if (value && typeof value === 'object' && !Array.isArray(value) && typeof (value as { role?: unknown }).role === 'string' && 'id' in value) {
      const a = value as { id: string; role: string; agencyId?: string; province?: string };
      out.push({ label: LABELS[key] ?? FIELD_LABELS[key] ?? key, value: actorLabel(a, nameOf) });
      continue;
    }
    out.push({ label: LABELS[key] ?? FIELD_LABELS[key] ?? key, value: words(key, value, nameOf) });
  }
  return out;
}
