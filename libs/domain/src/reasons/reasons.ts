import { DomainError } from '../shared/domain-error';
import { interpolate } from '../shared/text';

/**
 * observation: the applicant can correct it (bring the copy, sign by hand,
 * fix a number) and the case continues. rejection: final for this case.
 */
export type ReasonCategory = 'observation' | 'rejection';

export interface ReasonDefinition {
  readonly category: ReasonCategory;
  /** Spanish (es-EC) template; `{name}` placeholders are filled from params. */
  readonly text: string;
  /** Values used when a placeholder is not given. */
  readonly defaults?: Readonly<Record<string, string>>;
}

const doc = { document: 'El documento' } as const;
const field = { field: 'El dato' } as const;

/**
 * Every observation and rejection the system can raise. Codes are stable:
 * they are stored in case histories and shown to auditors years later, so
 * never rename one; add a new code instead.
 */
export const REASONS = {
  // --- documents -----------------------------------------------------------
  'DOC.MISSING': { category: 'observation', text: 'Falta presentar: {document}.', defaults: doc },
  'DOC.ALTERNATIVE_MISSING': {
    category: 'observation',
    text: 'Falta {document}: presente {alternatives}.',
    defaults: { document: 'el documento de identidad', alternatives: 'uno de los documentos alternativos' },
  },
  'DOC.COPY_MISSING': { category: 'observation', text: '{document}: falta la copia simple.', defaults: doc },
  'DOC.ORIGINAL_REQUIRED': { category: 'observation', text: '{document}: debe presentar el original.', defaults: doc },
  'DOC.FIELD_MISSING': {
    category: 'observation',
    text: '{document}: falta el dato «{field}».',
    defaults: { ...doc, field: 'requerido' },
  },
  'DOC.SIGNATURE_HANDWRITTEN_REQUIRED': {
    category: 'observation',
    text: '{document}: la firma manuscrita es imprescindible.',
    defaults: doc,
  },
  'DOC.SIGNATURE_ELECTRONIC_NOT_ACCEPTED': {
    category: 'observation',
    text: '{document}: no se reciben solicitudes con firma electrónica; debe firmarse de forma manuscrita.',
    defaults: doc,
  },
  'DOC.SIGNATURE_ELECTRONIC_REQUIRED': {
    category: 'observation',
    text: '{document}: en la Ventanilla Virtual la firma electrónica es imprescindible.',
    defaults: doc,
  },
  'DOC.SIGNATURE_TAMPERED': {
    category: 'observation',
    text: '{document}: el archivo fue modificado después de firmarlo electrónicamente; cargue el documento firmado sin cambios.',
    defaults: doc,
  },
  'DOC.SIGNATURE_INVALID': {
    category: 'observation',
    text: '{document}: la firma electrónica no es válida o está dañada; fírmelo nuevamente.',
    defaults: doc,
  },
  'DOC.SIGNATURE_UNTRUSTED': {
    category: 'observation',
    text: '{document}: la firma electrónica no proviene de una entidad de certificación reconocida.',
    defaults: doc,
  },
  'DOC.SIGNER_NOT_ALLOWED': {
    category: 'observation',
    text: '{document}: debe estar firmado por {signer}.',
    defaults: { ...doc, signer: 'la persona autorizada' },
  },
  'DOC.DATA_MISMATCH_SUT': {
    category: 'observation',
    text: '{document}: el dato «{field}» no coincide con el registro SUT.',
    defaults: { ...doc, field: 'de identidad' },
  },
  'DOC.DATA_MISMATCH_REQUEST': {
    category: 'observation',
    text: '{document}: el dato «{field}» no coincide con la solicitud.',
    defaults: { ...doc, field: 'de identidad' },
  },
  'DOC.NOT_REGISTERED_SUT': {
    category: 'observation',
    text: '{document}: no consta registrado en el Sistema Único de Trabajo (SUT) del Ministerio del Trabajo.',
    defaults: doc,
  },
  'DOC.NOT_CURRENT': { category: 'observation', text: '{document}: no está vigente.', defaults: doc },
  'DOC.UPLOAD_MISSING': {
    category: 'observation',
    text: '{document}: no se ha cargado el archivo en la Ventanilla Virtual.',
    defaults: doc,
  },
  // --- eligibility ---------------------------------------------------------
  'ELIGIBILITY.FILER_NOT_ALLOWED': {
    category: 'rejection',
    text: '{filer} no puede presentar este trámite.',
    defaults: { filer: 'La persona que presenta' },
  },
  'ELIGIBILITY.HAS_CEDULA': {
    category: 'rejection',
    text: 'El titular ya tiene cédula de identidad ecuatoriana; este trámite es solo para extranjeros sin cédula.',
  },
  // 002, Requisitos: the certificate is for someone the IESS records do not know.
  'ELIGIBILITY.IS_AFFILIATED': {
    category: 'rejection',
    text: 'Según los registros del IESS la persona consta como afiliada; no procede el certificado de no afiliación.',
  },
  'ELIGIBILITY.HAS_FOREIGNER_CODE': {
    category: 'rejection',
    text: 'El titular ya tiene código de identificación para extranjero; este trámite no procede.',
  },
  // 000: one person, one code (ADR 0016): whoever already has one is told so at filing, with how to get the document again.
  'ELIGIBILITY.ALREADY_HAS_CODE': {
    category: 'rejection',
    text: 'El titular ya tiene código de identificación para extranjero ({code}) y no se emite otro. Para recibir otra vez el documento con su código, pida en cualquier agencia del IESS que se lo reenvíen al correo registrado en su trámite.',
    defaults: { code: 'registrado en el IESS' },
  },
  'ELIGIBILITY.CHANNEL_NOT_AVAILABLE': {
    category: 'rejection',
    text: 'Este trámite no se atiende por el canal «{channel}».',
    defaults: { channel: 'elegido' },
  },
  'ELIGIBILITY.EMPLOYER_NOT_REGISTERED': {
    category: 'observation',
    text: 'Antes de pedir la clave patronal debe realizar el registro de empleador y generar la solicitud de entrega de clave.',
  },
  // --- power of attorney -----------------------------------------------------
  'PODER.NOT_ENDORSED': {
    category: 'observation',
    text: 'El poder notarial debe estar validado y sumillado previamente por la Coordinación/Unidad Provincial de Asesoría Jurídica del IESS.',
  },
  // Decisions of the provincial legal unit (001, Requisitos Específicos, 1. Poder notarial).
  'PODER.SCOPE_INSUFFICIENT': {
    category: 'rejection',
    text: 'El poder notarial no faculta al apoderado para realizar este trámite ante el IESS.',
  },
  'PODER.EXPIRED': { category: 'rejection', text: 'El poder notarial no está vigente.' },
  'PODER.REVOKED': { category: 'rejection', text: 'El poder notarial fue revocado.' },
  'PODER.NOTARY_DATA_INVALID': {
    category: 'rejection',
    text: 'Los datos de la notaría o de la escritura del poder no pudieron ser verificados.',
  },
  'PODER.PARTIES_MISMATCH': {
    category: 'rejection',
    text: 'El poder no fue otorgado por el empleador a favor de la persona que actúa como apoderado.',
  },
  // --- appointment ------------------------------------------------------------
  'APPOINTMENT.MISSING': {
    category: 'observation',
    text: 'Presente la «Confirmación del Turno en Línea».',
  },
  'APPOINTMENT.NOT_IN_FILER_NAME': {
    category: 'observation',
    text: 'El turno debe estar a nombre de la persona que es atendida.',
  },
  // --- uploads (Ventanilla Virtual) ------------------------------------------
  'UPLOAD.EMPTY': { category: 'observation', text: 'El archivo {file} está vacío.', defaults: { file: 'cargado' } },
  'UPLOAD.TOO_LARGE': {
    category: 'observation',
    text: 'El archivo {file} pesa {size} y supera el máximo de 1 MB (1.048.576 bytes).',
    defaults: { file: 'cargado', size: 'más de 1 MB' },
  },
  'UPLOAD.TYPE_NOT_ALLOWED': {
    category: 'observation',
    text: 'El archivo {file} no es JPG ni PDF (contenido detectado: {detected}); solo se aceptan archivos JPG o PDF.',
    defaults: { file: 'cargado', detected: 'desconocido' },
  },
  'UPLOAD.CORRUPT': {
    category: 'observation',
    text: 'El archivo {file} está incompleto o dañado; vuelva a escanearlo.',
    defaults: { file: 'cargado' },
  },
  // --- affiliate portal password (003) ---------------------------------------
  'PORTAL.STEP_PENDING': { category: 'observation', text: 'Falta completar: {step}.', defaults: { step: 'un paso' } },
  'PORTAL.CREDENTIAL_LOCKED': {
    category: 'rejection',
    text: 'Se agotaron los 5 intentos de verificación; la clave queda bloqueada.',
  },
  'PORTAL.LINK_EXPIRED': {
    category: 'observation',
    text: 'El enlace enviado al correo electrónico caducó (dura 15 minutos); solicite uno nuevo.',
  },
  'PORTAL.NOT_AFFILIATED': {
    category: 'rejection',
    text: 'El número de identificación no corresponde a un afiliado registrado en el IESS.',
  },
  'PORTAL.NO_WORK_HISTORY': {
    category: 'rejection',
    text: 'No registra historia laboral para las preguntas de verificación; acuda a una agencia del IESS.',
  },
  'PORTAL.SESSION_EXPIRED': {
    category: 'rejection',
    text: 'El tiempo para completar la verificación en línea terminó; inicie nuevamente el trámite.',
  },
  'PORTAL.LOCK_NOT_LIFTED': {
    category: 'rejection',
    text: 'La clave bloqueada no fue desbloqueada en una agencia dentro del plazo; inicie nuevamente el trámite.',
  },
  'PORTAL.KEY_REQUEST_MISSING': {
    category: 'rejection',
    text: 'El empleador no ha generado la solicitud de entrega de clave; genérela en el portal del IESS antes de este trámite.',
  },
  'PORTAL.REVIEW_REJECTED': {
    category: 'rejection',
    text: 'La Coordinación Provincial negó la entrega de la clave: {observations}',
    defaults: { observations: 'revise los documentos presentados.' },
  },
  'PORTAL.NO_MORE_LINKS': {
    category: 'rejection',
    text: 'Se enviaron todos los enlaces permitidos para este trámite sin que se registrara la clave; inicie nuevamente el trámite.',
  },
  'PORTAL.PASSWORD_WINDOW_EXPIRED': {
    category: 'observation',
    text: 'La nueva clave debe registrarse dentro de los 15 minutos; vuelva a solicitar el enlace.',
  },
  // --- field validation ---------------------------------------------------------
  'VALIDATION.REQUIRED': { category: 'observation', text: '{field}: es obligatorio.', defaults: field },
  'VALIDATION.CEDULA_FORMAT': {
    category: 'observation',
    text: '{field}: la cédula debe tener 10 dígitos.',
    defaults: { field: 'Cédula' },
  },
  'VALIDATION.CEDULA_PROVINCE': {
    category: 'observation',
    text: '{field}: el código de provincia «{province}» no existe (01 a 24, o 30 para ecuatorianos registrados en el exterior).',
    defaults: { field: 'Cédula', province: '??' },
  },
  'VALIDATION.CEDULA_THIRD_DIGIT': {
    category: 'observation',
    text: '{field}: el tercer dígito de la cédula debe ser menor que 6.',
    defaults: { field: 'Cédula' },
  },
  'VALIDATION.CEDULA_CHECK_DIGIT': {
    category: 'observation',
    text: '{field}: el dígito verificador de la cédula no corresponde.',
    defaults: { field: 'Cédula' },
  },
  'VALIDATION.RUC_FORMAT': {
    category: 'observation',
    text: '{field}: el RUC debe tener 13 dígitos.',
    defaults: { field: 'RUC' },
  },
  'VALIDATION.RUC_PROVINCE': {
    category: 'observation',
    text: '{field}: el código de provincia «{province}» del RUC no existe.',
    defaults: { field: 'RUC', province: '??' },
  },
  'VALIDATION.RUC_TYPE': {
    category: 'observation',
    text: '{field}: el tercer dígito del RUC ({digit}) no corresponde a persona natural (0 a 5), entidad pública (6) ni sociedad privada (9).',
    defaults: { field: 'RUC', digit: '?' },
  },
  'VALIDATION.RUC_CHECK_DIGIT': {
    category: 'observation',
    text: '{field}: el dígito verificador del RUC no corresponde.',
    defaults: { field: 'RUC' },
  },
  'VALIDATION.RUC_ESTABLISHMENT': {
    category: 'observation',
    text: '{field}: el número de establecimiento del RUC no puede ser cero.',
    defaults: { field: 'RUC' },
  },
  'VALIDATION.PASSPORT_FORMAT': {
    category: 'observation',
    text: '{field}: el número de pasaporte debe tener entre 5 y 20 letras o números.',
    defaults: { field: 'Número de pasaporte' },
  },
  'VALIDATION.DOCUMENT_NUMBER_FORMAT': {
    category: 'observation',
    text: '{field}: el número de documento debe tener entre 5 y 20 letras o números.',
    defaults: { field: 'Número de documento' },
  },
  'VALIDATION.EMAIL_FORMAT': {
    category: 'observation',
    text: '{field}: la dirección de correo electrónico no es válida.',
    defaults: { field: 'Correo electrónico' },
  },
  'VALIDATION.MOBILE_FORMAT': {
    category: 'observation',
    text: '{field}: el celular debe tener 10 dígitos y empezar con 09 (o +593 9).',
    defaults: { field: 'Teléfono celular' },
  },
  'VALIDATION.LANDLINE_FORMAT': {
    category: 'observation',
    text: '{field}: el teléfono fijo debe tener 9 dígitos con el código de provincia (02 a 07).',
    defaults: { field: 'Teléfono fijo' },
  },
  'VALIDATION.PHONE_FORMAT': {
    category: 'observation',
    text: '{field}: ingrese un celular (09XXXXXXXX) o un teléfono fijo con código de provincia (0XXXXXXXX).',
    defaults: { field: 'Teléfono' },
  },
  'VALIDATION.PASSWORD_TOO_SHORT': {
    category: 'observation',
    text: '{field}: debe tener al menos 8 caracteres.',
    defaults: { field: 'Nueva clave' },
  },
  'VALIDATION.PASSWORD_CHARSET': {
    category: 'observation',
    text: '{field}: solo puede contener letras (sin tildes ni ñ) y números.',
    defaults: { field: 'Nueva clave' },
  },
  'VALIDATION.PASSWORD_LETTERS_AND_DIGITS': {
    category: 'observation',
    text: '{field}: debe combinar letras y números.',
    defaults: { field: 'Nueva clave' },
  },
  'VALIDATION.VERIFICATION_CODE_FORMAT': {
    category: 'observation',
    text: '{field}: el código de verificación tiene 6 dígitos.',
    defaults: { field: 'Código de verificación' },
  },
  'VALIDATION.FOREIGNER_CODE_FORMAT': {
    category: 'observation',
    text: '{field}: el código de identificación para extranjero tiene 12 dígitos y empieza con 9.',
    defaults: { field: 'Código de identificación para extranjero' },
  },
  'VALIDATION.FOREIGNER_CODE_CHECK_DIGIT': {
    category: 'observation',
    text: '{field}: el dígito verificador del código de identificación para extranjero no corresponde; revise que no haya dígitos cambiados.',
    defaults: { field: 'Código de identificación para extranjero' },
  },
  'VALIDATION.IDENTITY_NUMBER_FORMAT': {
    category: 'observation',
    text: '{field}: ingrese una cédula (10 dígitos) o un código de identificación para extranjero (12 dígitos).',
    defaults: { field: 'Número de identificación' },
  },
  'VALIDATION.PROVINCE': {
    category: 'observation',
    text: '{field}: la provincia no es válida.',
    defaults: { field: 'Provincia' },
  },
} as const satisfies Readonly<Record<string, ReasonDefinition>>;

export type ReasonCode = keyof typeof REASONS;
export type ValidationReasonCode = Extract<ReasonCode, `VALIDATION.${string}`>;
export type UploadReasonCode = Extract<ReasonCode, `UPLOAD.${string}`>;

export type ReasonParams = Readonly<Record<string, string | number>>;

/** A reason as it appears in a checklist item or a case history. */
export interface Reason {
  readonly code: ReasonCode;
  readonly category: ReasonCategory;
  readonly message: string;
}

export const REASON_CODES: readonly ReasonCode[] = Object.keys(REASONS) as ReasonCode[];

export function isReasonCode(value: string): value is ReasonCode {
  return Object.prototype.hasOwnProperty.call(REASONS, value);
}

function definitionOf(code: ReasonCode): ReasonDefinition {
  const def: ReasonDefinition | undefined = isReasonCode(code) ? REASONS[code] : undefined;
  if (!def) throw new DomainError('REASON.UNKNOWN', `unknown reason code ${String(code)}`);
  return def;
}

/** The Spanish text of a reason, placeholders filled from params (then defaults). */
export function reasonText(code: ReasonCode, params: ReasonParams = {}): string {
  const def = definitionOf(code);
  return interpolate(def.text, { ...(def.defaults ?? {}), ...params });
}

export function reasonCategory(code: ReasonCode): ReasonCategory {
  return definitionOf(code).category;
}

export function makeReason(code: ReasonCode, params: ReasonParams = {}): Reason {
  return { code, category: reasonCategory(code), message: reasonText(code, params) };
}
