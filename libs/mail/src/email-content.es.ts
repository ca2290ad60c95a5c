import type { CaseEmailTemplate } from '@tramites/contracts';
import type { EmailContent, ParamReader } from './email-params';

/** Each template's content in one language: every template, or the build does not compile. */
export type EmailBuilders = { [K in CaseEmailTemplate]: (p: ParamReader) => EmailContent };

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

/** Where the applicant follows the case: the page and the reference, when the worker knows the page. */
const follow = (p: ParamReader, what = 'Puede ver el estado de su trámite'): string[] =>
  p.notice.followUrl ? [`${what} en ${p.notice.followUrl} («Consultar mi trámite», con la referencia ${p.text('reference')}).`] : [];

// 000/001/002, turno en línea: the confirmation is shown at the agency, on paper or on screen.
const BRING_CONFIRMATION =
  'Acuda a la agencia unos minutos antes de la hora indicada y presente la «Confirmación del Turno en Línea», impresa o en su teléfono, junto con los documentos originales y las copias que exige el trámite.';
const IF_YOU_CANNOT_COME =
  'Si no puede asistir, cancele o reagende su turno con anticipación. Si no se presenta, el turno se pierde y deberá agendar uno nuevo.';

const cannotCome = (p: ParamReader, manage = p.optionalText('manageUrl') ?? p.notice.followUrl): string =>
  manage
    ? `Si no puede asistir, reagende o cancele su turno con anticipación en ${manage} (opción «Consultar mi trámite», con su número de trámite). Si no se presenta, el turno se pierde y deberá agendar uno nuevo.`
    : IF_YOU_CANNOT_COME;

/** Where and how the observed documents are corrected, by the case's channel (the sheets: the window in person, the upload in the Ventanilla Virtual). */
function correctionSteps(p: ParamReader, deadline: string): string[] {
  const n = p.notice;
  if (n.correctAt === 'virtual') {
    return [
      `No necesita un turno: cargue otra vez, en la Ventanilla Virtual, los documentos observados ya corregidos (firmados electrónicamente, en PDF o JPG de hasta 1 MB) hasta el ${deadline} ${ECUADOR_TIME}${n.correctUrl ? `, en ${n.correctUrl}` : ''}.`,
    ];
  }
  if (n.correctAt === 'agency') {
    return [
      `No necesita agendar un turno nuevo: acuda a ${n.agencyName ? `la agencia ${n.agencyName}` : 'la agencia de su trámite'} con los documentos corregidos y la referencia ${p.text('reference')} hasta el ${deadline} ${ECUADOR_TIME}.`,
    ];
  }
  return [`Corrija o complete lo indicado y preséntelo por el mismo canal en el que inició el trámite hasta el ${deadline} ${ECUADOR_TIME}.`];
}

/** The Spanish (es-EC) emails: the authoritative wording. */
export const SPANISH_EMAILS: EmailBuilders = {
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
    nextSteps: [BRING_CONFIRMATION, cannotCome(p)],
  }),

  APPOINTMENT_REMINDER: (p) => {
    const bring = p.optionalList('bring');
    return {
      subject: `Recordatorio: su turno es el ${p.dateTime('startsAt')} (ref. ${p.text('reference')})`,
      lead: `Le recordamos su turno para el trámite «${p.text('procedureName')}».`,
      details: appointmentDetails(p),
      // The applicant's own list, by the rules the window checks (libs/domain whatToBring).
      ...(bring.length ? { list: { title: 'Lo que debe llevar', items: bring } } : {}),
      nextSteps: [BRING_CONFIRMATION, cannotCome(p, p.optionalText('manageUrl'))],
    };
  },

  WAITING_LIST_OFFER: (p) => ({
    subject: `Se liberó un turno para el ${p.dateTime('startsAt')}: tómelo en ${minutes(p.positiveInt('minutesValid'))} (ref. ${p.text('reference')})`,
    lead: `Usted pidió que le avisemos si se liberaba un turno en ${p.text('agencyName')}. Lo tenemos reservado para usted por ${minutes(p.positiveInt('minutesValid'))}.`,
    highlight: { label: 'Tome el turno aquí', value: p.text('url') },
    paragraphs: [`La reserva vale hasta el ${p.dateTime('expiresAt')} ${ECUADOR_TIME}; después pasa a la siguiente persona de la lista.`],
    details: appointmentDetails(p),
    nextSteps: [
      `Abra el enlace y confirme el turno antes del ${p.dateTime('expiresAt')}. Si ya no lo necesita, no haga nada: pasará a otra persona.`,
      'No comparta este enlace.',
    ],
  }),

  APPOINTMENT_RESCHEDULED: (p) => ({
    subject: `Su turno cambió al ${p.dateTime('startsAt')} (ref. ${p.text('reference')})`,
    lead: `Su turno para el trámite «${p.text('procedureName')}» fue reagendado.`,
    details: [...appointmentDetails(p, 'Nueva fecha y hora'), ['Fecha anterior (ya no válida)', `${p.dateTime('previousStartsAt')} ${ECUADOR_TIME}`]],
    nextSteps: ['Acuda en la nueva fecha y hora; el turno anterior ya no es válido.', BRING_CONFIRMATION, cannotCome(p)],
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
      details: [...caseDetails(p), ['Plazo para corregir', `${deadline} ${ECUADOR_TIME}`]],
      list: { title: 'Observaciones', items: p.list('observations') },
      nextSteps: [
        ...correctionSteps(p, deadline),
        'Si no lo hace dentro de ese plazo, el trámite se cerrará por abandono y tendrá que iniciarlo de nuevo.',
        ...follow(p, 'Las observaciones también están'),
      ],
    };
  },

  DOCUMENTS_ACCEPTED: (p) => ({
    subject: `Sus documentos fueron aceptados (ref. ${p.text('reference')})`,
    lead: `Los documentos de su trámite «${p.text('procedureName')}» cumplen los requisitos y fueron aceptados.`,
    details: caseDetails(p),
    nextSteps: ['Por ahora no necesita hacer nada más. Le avisaremos por este medio cuando el resultado esté listo.', ...follow(p)],
  }),

  CASE_ABANDONED: (p) => ({
    subject: `Su trámite se cerró por abandono (ref. ${p.text('reference')})`,
    lead: `Venció el plazo para corregir las observaciones de su trámite «${p.text('procedureName')}» sin que se presentaran las correcciones, por lo que el trámite se cerró.`,
    details: caseDetails(p),
    nextSteps: [
      p.notice.correctAt === 'virtual'
        ? 'Si aún necesita la clave, inicie un trámite nuevo en la Ventanilla Virtual y cargue todos los requisitos completos.'
        : 'Si aún necesita el trámite, agende un nuevo turno en www.iess.gob.ec, opción «Turnos para atención ciudadana», y presente todos los requisitos completos.',
    ],
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
    nextSteps: ['Por ahora no necesita hacer nada. Le avisaremos por este medio cuando el poder sea validado o si tiene observaciones.', ...follow(p)],
  }),

  PODER_ENDORSED: (p) => ({
    subject: `Su poder notarial fue validado (ref. ${p.text('reference')})`,
    lead: `La ${LEGAL_UNIT} validó y sumilló el poder notarial de su trámite «${p.text('procedureName')}».`,
    details: caseDetails(p),
    nextSteps: [
      // 001, requisito 6: the copy of the poder must be validated and initialled by the legal unit beforehand.
      'El apoderado ya puede realizar el trámite: al acudir a la agencia, entregue la copia del poder notarial validada y sumillada.',
      ...follow(p),
    ],
  }),

  PODER_REJECTED: (p) => ({
    subject: `Su poder notarial no fue validado (ref. ${p.text('reference')})`,
    lead: `La ${LEGAL_UNIT} no validó el poder notarial de su trámite «${p.text('procedureName')}».`,
    details: caseDetails(p),
    list: { title: 'Motivo', items: [p.text('reason')] },
    nextSteps: ['Para continuar, presente un poder notarial que corrija lo indicado, o el empleador puede realizar el trámite personalmente.', ...follow(p)],
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
    nextSteps: ['No necesita hacer nada: su trámite sigue abierto y lo estamos atendiendo. Le escribiremos en cuanto haya avances.', ...follow(p)],
  }),

  // 003, VIRTUAL 10-12 (and 004): "le llegará un link para generar su nueva clave, su duración es de 15 minutos".
  // The subject never carries the link: subjects are stored in the outbox.
  PASSWORD_LINK: (p) => ({
    subject: `Enlace para generar su clave del portal IESS (ref. ${p.text('reference')})`,
    lead: `Recibimos su trámite «${p.text('procedureName')}». Use el siguiente enlace para registrar su nueva clave.`,
    highlight: { label: 'Enlace de un solo uso', value: p.text('url') },
    paragraphs: [
      `El enlace es válido por ${minutes(p.positiveInt('minutesValid'))}, hasta el ${p.dateTime('expiresAt')} ${ECUADOR_TIME}, y sirve una sola vez.`,
    ],
    details: caseDetails(p),
    nextSteps: [
      `Abra el enlace antes del ${p.dateTime('expiresAt')}, acepte la «Declaración de información fidedigna» y digite su nueva clave: mínimo 8 caracteres, solo letras y números.`,
      'Si el enlace venció, pida uno nuevo desde su trámite.',
      'No comparta este enlace: el personal del IESS nunca se lo pedirá. Si usted no solicitó la clave, ignore este mensaje.',
    ],
  }),

  PASSWORD_SET: (p) => ({
    subject: `Se registró una nueva clave del portal IESS (ref. ${p.text('reference')})`,
    lead: `El ${p.dateTime('setAt')} ${ECUADOR_TIME} se registró una nueva clave de acceso al portal del IESS mediante el trámite «${p.text('procedureName')}».`,
    details: caseDetails(p),
    nextSteps: [
      'Ya puede ingresar al portal del IESS (www.iess.gob.ec) con su nueva clave.',
      'Si usted no realizó este cambio, comuníquese de inmediato con Atención al Ciudadano del IESS o acuda a una agencia.',
    ],
  }),

  CREDENTIAL_LOCKED: (p) => ({
    subject: `Su clave del portal IESS fue bloqueada (ref. ${p.text('reference')})`,
    lead: 'Se agotaron los 5 intentos para responder las preguntas de verificación, por lo que su clave quedó bloqueada.',
    details: caseDetails(p),
    nextSteps: [
      'Acuda a una agencia del IESS con su documento de identidad (cédula, o pasaporte si es extranjero) y la referencia de este trámite para solicitar el desbloqueo.',
      'Después del desbloqueo, continúe este mismo trámite: no necesita iniciar uno nuevo.',
      ...follow(p),
    ],
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
