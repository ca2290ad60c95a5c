import { CASE_EMAIL_LIST_SEPARATOR, type CaseEmailParams, type CaseEmailTemplate } from '@tramites/contracts';
import { GUAYAQUIL_UTC_OFFSET_MINUTES, SPANISH_MONTHS, SPANISH_WEEKDAYS } from '@tramites/domain';

/** A rendered email: plain text and HTML alternatives of the same content. */
export interface RenderedCaseEmail {
  subject: string;
  text: string;
  html: string;
}

/** A param that is missing or malformed: a bug in the caller, never fixed by a retry. */
export class CaseEmailParamsError extends Error {
  constructor(
    readonly template: string,
    readonly param: string,
    problem: string,
  ) {
    super(`email template ${template}: param "${param}" ${problem}`);
    this.name = 'CaseEmailParamsError';
  }
}

// ---------------------------------------------------------------------------
// Dates in America/Guayaquil: UTC-5 all year (Ecuador has no daylight saving time; the offset is libs/domain's).

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** An instant must carry its zone: without one, JavaScript would read it in the machine's zone. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

const pad2 = (n: number): string => String(n).padStart(2, '0');

function spanishDate(d: Date): string {
  const month = SPANISH_MONTHS[d.getUTCMonth()] ?? '';
  return `${SPANISH_WEEKDAYS[d.getUTCDay()] ?? ''} ${d.getUTCDate()} de ${month} de ${d.getUTCFullYear()}`;
}

/** Shifts an instant so that its UTC fields read as the wall clock in Guayaquil. */
function guayaquilWallClock(instant: Date): Date {
  return new Date(instant.getTime() + GUAYAQUIL_UTC_OFFSET_MINUTES * 60_000);
}

/** `2026-12-07T14:30:00Z` → `lunes 7 de diciembre de 2026, 09:30` (wall clock in Guayaquil). */
export function formatGuayaquilDateTime(instant: Date): string {
  const local = guayaquilWallClock(instant);
  return `${spanishDate(local)}, ${pad2(local.getUTCHours())}:${pad2(local.getUTCMinutes())}`;
}

/** `2026-12-14` → `lunes 14 de diciembre de 2026` (a calendar day, no time zone involved). */
export function formatCalendarDate(year: number, month: number, day: number): string {
  return spanishDate(new Date(Date.UTC(year, month - 1, day)));
}

// ---------------------------------------------------------------------------
// Reading params defensively: they come from workflow history, typed only at compile time.

class ParamReader {
  constructor(
    private readonly template: string,
    private readonly params: Readonly<Record<string, unknown>>,
  ) {}

  private fail(param: string, problem: string): never {
    throw new CaseEmailParamsError(this.template, param, problem);
  }

  text(param: string): string {
    const v = this.params[param];
    if (typeof v === 'number') return String(v);
    if (typeof v !== 'string') return this.fail(param, 'must be a string');
    if (v.trim() === '') return this.fail(param, 'must not be empty');
    return v.trim();
  }

  positiveInt(param: string): number {
    const v = this.params[param];
    const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isInteger(n) || n <= 0) return this.fail(param, 'must be a positive integer');
    return n;
  }

  flag(param: string): boolean {
    const v = this.params[param];
    if (typeof v !== 'boolean') return this.fail(param, 'must be a boolean');
    return v;
  }

  /** An optional text: undefined when absent or empty. */
  optionalText(param: string): string | undefined {
    const v = this.params[param];
    return v === undefined || v === '' ? undefined : this.text(param);
  }

  /** An optional list param: [] when absent or empty. */
  optionalList(param: string): string[] {
    const v = this.params[param];
    return v === undefined || v === '' ? [] : this.list(param);
  }

  /** Items of a list param, trimmed, empty ones dropped. */
  list(param: string): string[] {
    const items = this.text(param)
      .split(CASE_EMAIL_LIST_SEPARATOR)
      .map((s) => s.trim())
      .filter((s) => s !== '');
    return items.length > 0 ? items : this.fail(param, 'must hold at least one item');
  }

  /** An ISO-8601 instant with zone, shown as date and time in Guayaquil. */
  dateTime(param: string): string {
    const v = this.text(param);
    const t = INSTANT.test(v) ? Date.parse(v) : NaN;
    if (Number.isNaN(t)) return this.fail(param, `must be an ISO-8601 instant with zone (got ${JSON.stringify(v)})`);
    return formatGuayaquilDateTime(new Date(t));
  }

  /** An instant (shown with its time in Guayaquil) or a calendar date YYYY-MM-DD (shown as that day). */
  dateOrDateTime(param: string): string {
    const v = this.text(param);
    const m = DATE_ONLY.exec(v);
    if (!m) return this.dateTime(param);
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const d = new Date(Date.UTC(year, month - 1, day));
    if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) {
      return this.fail(param, `is not a calendar date (got ${JSON.stringify(v)})`);
    }
    return formatCalendarDate(year, month, day);
  }
}

// ---------------------------------------------------------------------------
// The content of each template, independent of its text or HTML form.

interface EmailContent {
  subject: string;
  /** First line of the body, under the greeting. */
  lead: string;
  /** A value the applicant must read or type (a code), shown prominently. */
  highlight?: { label: string; value: string };
  paragraphs?: string[];
  details: Array<[label: string, value: string]>;
  list?: { title: string; items: string[] };
  /** What the applicant must do next. */
  nextSteps: string[];
}

const ECUADOR_TIME = '(hora de Ecuador continental)';
const LEGAL_UNIT = 'Coordinación/Unidad Provincial de Asesoría Jurídica del IESS';
const NEW_APPOINTMENT = 'Si aún necesita realizar el trámite, agende un nuevo turno en www.iess.gob.ec, opción «Turnos para atención ciudadana».';

const caseDetails = (p: ParamReader): Array<[string, string]> => [
  ['Referencia del trámite', p.text('reference')],
  ['Trámite', p.text('procedureName')],
];

const appointmentDetails = (p: ParamReader, dateLabel = 'Fecha y hora'): Array<[string, string]> => [
  ...caseDetails(p),
  ['Agencia', p.text('agencyName')],
  [dateLabel, `${p.dateTime('startsAt')} ${ECUADOR_TIME}`],
];

const minutes = (n: number): string => (n === 1 ? '1 minuto' : `${n} minutos`);

// 000/001/002, turno en línea: the confirmation is shown at the agency, on paper or on screen.
const BRING_CONFIRMATION =
  'Acuda a la agencia unos minutos antes de la hora indicada y presente la «Confirmación del Turno en Línea», impresa o en su teléfono, junto con los documentos originales y las copias que exige el trámite.';
const IF_YOU_CANNOT_COME =
  'Si no puede asistir, cancele o reagende su turno con anticipación. Si no se presenta, el turno se pierde y deberá agendar uno nuevo.';

type Builders = { [K in CaseEmailTemplate]: (p: ParamReader) => EmailContent };

const BUILDERS: Builders = {
  VERIFICATION_CODE: (p) => {
    const code = p.text('code');
    const valid = minutes(p.positiveInt('minutesValid'));
    return {
      // 000, turno en línea, paso 4: the code arrives in an email with the subject 'Verificar IESS turno online'.
      // The subject never carries the code: it is stored in the outbox and shown in mail listings.
      subject: 'Verificar IESS turno online',
      lead: 'Recibimos una solicitud para agendar un turno con este correo electrónico.',
      highlight: { label: 'Su código de verificación', value: code },
      paragraphs: [`El código es válido por ${valid}.`],
      details: [['Referencia', p.text('reference')]],
      nextSteps: [
        `Ingrese este código en la página de turnos del IESS y dé clic en «Verificar» antes de que pasen ${valid}.`,
        'No comparta este código con nadie: el personal del IESS nunca se lo pedirá.',
        'Si usted no solicitó un turno, ignore este mensaje; sin el código nadie puede usar su correo.',
      ],
    };
  },

  APPOINTMENT_CONFIRMED: (p) => ({
    subject: `Turno confirmado para el ${p.dateTime('startsAt')} (ref. ${p.text('reference')})`,
    lead: `Su turno para el trámite «${p.text('procedureName')}» quedó confirmado.`,
    details: appointmentDetails(p),
    nextSteps: [BRING_CONFIRMATION, IF_YOU_CANNOT_COME],
  }),

  APPOINTMENT_REMINDER: (p) => {
    const bring = p.optionalList('bring');
    const manage = p.optionalText('manageUrl');
    return {
      subject: `Recordatorio: su turno es el ${p.dateTime('startsAt')} (ref. ${p.text('reference')})`,
      lead: `Le recordamos su turno para el trámite «${p.text('procedureName')}».`,
      details: appointmentDetails(p),
      // The applicant's own list, by the rules the window checks (libs/domain whatToBring).
      ...(bring.length ? { list: { title: 'Lo que debe llevar', items: bring } } : {}),
      nextSteps: [
        BRING_CONFIRMATION,
        manage
          ? `Si no puede asistir, reagende o cancele su turno con anticipación en ${manage} (opción «Consultar mi trámite», con su número de trámite). Si no se presenta, el turno se pierde y deberá agendar uno nuevo.`
          : IF_YOU_CANNOT_COME,
      ],
    };
  },

  WAITING_LIST_OFFER: (p) => ({
    subject: `Se liberó un turno para el ${p.dateTime('startsAt')}: tómelo en ${minutes(p.positiveInt('minutesValid'))} (ref. ${p.text('reference')})`,
    lead: `Usted pidió que le avisemos si se liberaba un turno en ${p.text('agencyName')}. Lo tenemos reservado para usted por ${minutes(p.positiveInt('minutesValid'))}.`,
    highlight: { label: 'Tome el turno aquí', value: p.text('url') },
    paragraphs: [`La reserva vale hasta el ${p.dateTime('expiresAt')} ${ECUADOR_TIME}; después pasa a la siguiente persona de la lista.`],
    details: appointmentDetails(p),
    nextSteps: ['Abra el enlace y confirme el turno. Si ya no lo necesita, no haga nada: pasará a otra persona.', 'No comparta este enlace.'],
  }),

  APPOINTMENT_RESCHEDULED: (p) => ({
    subject: `Su turno cambió al ${p.dateTime('startsAt')} (ref. ${p.text('reference')})`,
    lead: `Su turno para el trámite «${p.text('procedureName')}» fue reagendado.`,
    details: [...appointmentDetails(p, 'Nueva fecha y hora'), ['Fecha anterior (ya no válida)', `${p.dateTime('previousStartsAt')} ${ECUADOR_TIME}`]],
    nextSteps: ['Acuda en la nueva fecha y hora; el turno anterior ya no es válido.', BRING_CONFIRMATION, IF_YOU_CANNOT_COME],
  }),

  APPOINTMENT_CANCELLED: (p) => ({
    subject: `Su turno fue cancelado (ref. ${p.text('reference')})`,
    lead: `Su turno para el trámite «${p.text('procedureName')}» fue cancelado y ya no es válido.`,
    details: appointmentDetails(p, 'Fecha y hora cancelada'),
    nextSteps: ['No acuda a la agencia en esa fecha.', NEW_APPOINTMENT],
  }),

  CASE_LAPSED: (p) => ({
    subject: `No registramos su asistencia al turno; su trámite se cerró (ref. ${p.text('reference')})`,
    lead: `No registramos su asistencia al turno del ${p.dateTime('startsAt')} en ${p.text('agencyName')}, por lo que su trámite «${p.text('procedureName')}» se cerró.`,
    details: appointmentDetails(p),
    nextSteps: [NEW_APPOINTMENT],
  }),

  DOCUMENTS_OBSERVED: (p) => {
    const deadline = p.dateOrDateTime('deadline');
    return {
      subject: `Documentos observados: corríjalos hasta el ${deadline} (ref. ${p.text('reference')})`,
      lead: `Revisamos los documentos de su trámite «${p.text('procedureName')}» y hay observaciones que debe corregir para continuar.`,
      details: [...caseDetails(p), ['Plazo para corregir', deadline]],
      list: { title: 'Observaciones', items: p.list('observations') },
      nextSteps: [
        `Corrija o complete lo indicado y preséntelo por el mismo canal en el que inició el trámite hasta el ${deadline}.`,
        'Si no lo hace dentro de ese plazo, el trámite se cerrará por abandono y tendrá que iniciarlo de nuevo.',
      ],
    };
  },

  DOCUMENTS_ACCEPTED: (p) => ({
    subject: `Sus documentos fueron aceptados (ref. ${p.text('reference')})`,
    lead: `Los documentos de su trámite «${p.text('procedureName')}» cumplen los requisitos y fueron aceptados.`,
    details: caseDetails(p),
    nextSteps: ['Por ahora no necesita hacer nada más. Le avisaremos por este medio cuando el resultado esté listo.'],
  }),

  CASE_ABANDONED: (p) => ({
    subject: `Su trámite se cerró por abandono (ref. ${p.text('reference')})`,
    lead: `Venció el plazo para corregir las observaciones de su trámite «${p.text('procedureName')}» sin que se presentaran las correcciones, por lo que el trámite se cerró.`,
    details: caseDetails(p),
    nextSteps: ['Si aún necesita el trámite, inícielo de nuevo y presente todos los requisitos completos.'],
  }),

  CASE_REJECTED: (p) => ({
    subject: `Su trámite fue rechazado (ref. ${p.text('reference')})`,
    lead: `Su trámite «${p.text('procedureName')}» fue rechazado por los motivos que se indican a continuación.`,
    details: caseDetails(p),
    list: { title: 'Motivos', items: p.list('reasons') },
    nextSteps: [
      'Cuando haya resuelto los motivos indicados, puede iniciar un trámite nuevo.',
      'Si tiene dudas, acérquese a una agencia del IESS con la referencia de este trámite.',
    ],
  }),

  PODER_IN_LEGAL_REVIEW: (p) => ({
    subject: `Su poder notarial está en revisión (ref. ${p.text('reference')})`,
    lead: `El poder notarial presentado para su trámite «${p.text('procedureName')}» fue enviado a la ${LEGAL_UNIT} para su validación.`,
    details: caseDetails(p),
    nextSteps: ['Por ahora no necesita hacer nada. Le avisaremos por este medio cuando el poder sea validado o si tiene observaciones.'],
  }),

  PODER_ENDORSED: (p) => ({
    subject: `Su poder notarial fue validado (ref. ${p.text('reference')})`,
    lead: `La ${LEGAL_UNIT} validó y sumilló el poder notarial de su trámite «${p.text('procedureName')}».`,
    details: caseDetails(p),
    nextSteps: [
      // 001, requisito 6: the copy of the poder must be validated and initialled by the legal unit beforehand.
      'El apoderado ya puede realizar el trámite: al acudir a la agencia, entregue la copia del poder notarial validada y sumillada.',
    ],
  }),

  PODER_REJECTED: (p) => ({
    subject: `Su poder notarial no fue validado (ref. ${p.text('reference')})`,
    lead: `La ${LEGAL_UNIT} no validó el poder notarial de su trámite «${p.text('procedureName')}».`,
    details: caseDetails(p),
    list: { title: 'Motivo', items: [p.text('reason')] },
    nextSteps: ['Para continuar, presente un poder notarial que corrija lo indicado, o el empleador puede realizar el trámite personalmente.'],
  }),

  FOREIGNER_CODE_ISSUED: (p) => {
    const alreadyHad = p.flag('alreadyHad');
    return {
      subject: alreadyHad
        ? `Usted ya tiene un código de identificación del IESS (ref. ${p.text('reference')})`
        : `Se emitió su código de identificación para extranjeros (ref. ${p.text('reference')})`,
      lead: alreadyHad
        ? 'Usted ya tenía un código de identificación asignado en el IESS, por lo que no se emitió uno nuevo. Se lo recordamos a continuación.'
        : `Su trámite «${p.text('procedureName')}» concluyó y se emitió su código de identificación para extranjeros.`,
      highlight: { label: 'Código de identificación', value: p.text('code') },
      details: [...caseDetails(p), ['Número de verificación', p.text('verificationNumber')]],
      nextSteps: [
        'Use este código en sus trámites con el IESS en lugar de la cédula.',
        'Guarde este correo: con el número de verificación se puede comprobar la autenticidad del documento.',
      ],
    };
  },

  CERTIFICATE_ISSUED: (p) => ({
    subject: `Su certificado está listo (ref. ${p.text('reference')})`,
    lead: `Su trámite «${p.text('procedureName')}» concluyó. Adjuntamos el certificado en formato PDF.`,
    details: [...caseDetails(p), ['Número de verificación', p.text('verificationNumber')]],
    nextSteps: [
      'Descargue y guarde el certificado adjunto; preséntelo donde se lo soliciten.',
      'Con el número de verificación se puede comprobar la autenticidad del certificado.',
    ],
  }),

  CASE_DELAYED: (p) => ({
    subject: `Su trámite está tomando más tiempo del previsto (ref. ${p.text('reference')})`,
    lead: `Su trámite «${p.text('procedureName')}» está tomando más tiempo del previsto por causas internas del IESS. Le ofrecemos disculpas.`,
    details: caseDetails(p),
    nextSteps: ['No necesita hacer nada: su trámite sigue abierto y lo estamos atendiendo. Le escribiremos en cuanto haya avances.'],
  }),

  // 003, VIRTUAL 10-12 (and 004): "le llegará un link para generar su nueva clave, su duración es de 15 minutos".
  // The subject never carries the link: subjects are stored in the outbox.
  PASSWORD_LINK: (p) => ({
    subject: `Enlace para generar su clave del portal IESS (ref. ${p.text('reference')})`,
    lead: `Recibimos su trámite «${p.text('procedureName')}». Use el siguiente enlace para registrar su nueva clave.`,
    highlight: { label: 'Enlace de un solo uso', value: p.text('url') },
    paragraphs: [`El enlace es válido por ${minutes(p.positiveInt('minutesValid'))}, hasta el ${p.dateTime('expiresAt')}, y sirve una sola vez.`],
    details: caseDetails(p),
    nextSteps: [
      'Abra el enlace, acepte la «Declaración de información fidedigna» y digite su nueva clave: mínimo 8 caracteres, solo letras y números.',
      'No comparta este enlace: el personal del IESS nunca se lo pedirá. Si usted no solicitó la clave, ignore este mensaje.',
    ],
  }),

  PASSWORD_SET: (p) => ({
    subject: `Se registró una nueva clave del portal IESS (ref. ${p.text('reference')})`,
    lead: `El ${p.dateTime('setAt')} se registró una nueva clave de acceso al portal del IESS mediante el trámite «${p.text('procedureName')}».`,
    details: caseDetails(p),
    nextSteps: ['Si usted no realizó este cambio, comuníquese de inmediato con Atención al Ciudadano del IESS o acuda a una agencia.'],
  }),

  CREDENTIAL_LOCKED: (p) => ({
    subject: `Su clave del portal IESS fue bloqueada (ref. ${p.text('reference')})`,
    lead: 'Se agotaron los 5 intentos para responder las preguntas de verificación, por lo que su clave quedó bloqueada.',
    details: caseDetails(p),
    nextSteps: ['Acuda a una agencia del IESS con su documento de identidad para solicitar el desbloqueo; después podrá continuar con este trámite.'],
  }),

  FOLLOW_CASE_CODE: (p) => {
    const code = p.text('code');
    const valid = minutes(p.positiveInt('minutesValid'));
    return {
      // The subject never carries the code: it is stored in the outbox and shown in mail listings.
      subject: `Código para consultar su trámite (ref. ${p.text('reference')})`,
      lead: 'Recibimos una solicitud para consultar su trámite con su número de trámite y su número de identificación.',
      highlight: { label: 'Su código para consultar el trámite', value: code },
      paragraphs: [`El código es válido por ${valid} y sirve una sola vez.`],
      details: [['Referencia', p.text('reference')]],
      nextSteps: [
        `Ingrese este código en la página «Consultar mi trámite» del IESS antes de que pasen ${valid}.`,
        'No comparta este código con nadie: el personal del IESS nunca se lo pedirá.',
        'Si usted no pidió consultar su trámite, ignore este mensaje; sin el código nadie puede verlo.',
      ],
    };
  },
};

// ---------------------------------------------------------------------------
// Layout

const GREETING = 'Estimado/a solicitante:';
const NEXT_STEPS_TITLE = '¿Qué debe hacer ahora?';
const FOOTER = [
  'Instituto Ecuatoriano de Seguridad Social (IESS)',
  'Este es un mensaje automático; por favor, no responda a este correo. Consultas: atencionalusuario@iess.gob.ec',
  'Los trámites del IESS son gratuitos.',
];

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

function toText(c: EmailContent): string {
  const lines: string[] = [GREETING, '', c.lead, ''];
  if (c.highlight) lines.push(`${c.highlight.label}: ${c.highlight.value}`, '');
  for (const p of c.paragraphs ?? []) lines.push(p, '');
  for (const [label, value] of c.details) lines.push(`${label}: ${value}`);
  lines.push('');
  if (c.list) {
    lines.push(`${c.list.title}:`, ...c.list.items.map((i) => `- ${i}`), '');
  }
  lines.push(NEXT_STEPS_TITLE, ...c.nextSteps.map((s) => `- ${s}`), '', '-- ', ...FOOTER);
  return `${lines.join('\n')}\n`;
}

const P = 'margin:0 0 16px;';

function toHtml(c: EmailContent): string {
  const e = escapeHtml;
  const parts: string[] = [
    '<!DOCTYPE html>',
    '<html lang="es-EC">',
    `<head><meta charset="utf-8"><title>${e(c.subject)}</title></head>`,
    '<body style="margin:0;padding:24px;background:#f4f6f8;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1f2933;">',
    '<div style="max-width:600px;margin:0 auto;background:#ffffff;padding:24px;border-radius:6px;">',
    `<p style="${P}">${e(GREETING)}</p>`,
    `<p style="${P}">${e(c.lead)}</p>`,
  ];
  if (c.highlight) {
    parts.push(`<p style="${P}">${e(c.highlight.label)}:<br><strong style="font-size:24px;letter-spacing:2px;">${e(c.highlight.value)}</strong></p>`);
  }
  for (const p of c.paragraphs ?? []) parts.push(`<p style="${P}">${e(p)}</p>`);
  parts.push(
    '<table role="presentation" style="border-collapse:collapse;margin:0 0 16px;">',
    ...c.details.map(
      ([label, value]) =>
        `<tr><td style="padding:2px 12px 2px 0;color:#52606d;vertical-align:top;">${e(label)}</td><td style="padding:2px 0;"><strong>${e(value)}</strong></td></tr>`,
    ),
    '</table>',
  );
  if (c.list) {
    parts.push(
      `<p style="margin:0 0 8px;"><strong>${e(c.list.title)}:</strong></p>`,
      `<ul style="${P}">${c.list.items.map((i) => `<li>${e(i)}</li>`).join('')}</ul>`,
    );
  }
  parts.push(
    `<p style="margin:0 0 8px;"><strong>${e(NEXT_STEPS_TITLE)}</strong></p>`,
    `<ul style="${P}">${c.nextSteps.map((s) => `<li>${e(s)}</li>`).join('')}</ul>`,
    '<hr style="border:none;border-top:1px solid #d9e2ec;margin:24px 0 12px;">',
    ...FOOTER.map((f) => `<p style="margin:0 0 4px;font-size:12px;color:#7b8794;">${e(f)}</p>`),
    '</div>',
    '</body>',
    '</html>',
  );
  return parts.join('\n');
}

/**
 * The Spanish (es-EC) email of a template: subject, plain text and HTML. Pure.
 * Throws CaseEmailParamsError when a param is missing or malformed.
 */
export function renderCaseEmail<T extends CaseEmailTemplate>(template: T, params: CaseEmailParams[T]): RenderedCaseEmail {
  const build = (BUILDERS as Partial<Record<string, Builders[CaseEmailTemplate]>>)[template];
  if (!build) throw new CaseEmailParamsError(String(template), 'template', 'is not a known template');
  const reader = new ParamReader(template, (params ?? {}) as Readonly<Record<string, unknown>>);
  const content = build(reader);
  // A subject is one header line: no line breaks may reach it.
  const subject = content.subject.replace(/[\r\n]+/g, ' ');
  return { subject, text: toText(content), html: toHtml({ ...content, subject }) };
}
