import type { EmailBuilders } from './email-content.es';
import type { ParamReader } from './email-params';
import { englishProcedureName } from './procedure-names';

const ECUADOR_TIME = '(mainland Ecuador time)';
const LEGAL_UNIT = 'IESS provincial legal unit (Coordinación/Unidad Provincial de Asesoría Jurídica)';
const NEW_APPOINTMENT = 'If you still need the procedure, book a new appointment at www.iess.gob.ec, option “Turnos para atención ciudadana” (appointments).';
/** The case's recorded reasons and observations are the officers' Spanish words: shown as such. */
const AS_RECORDED = '(as recorded, in Spanish)';

const procedure = (p: ParamReader): string => englishProcedureName(p.text('procedureName'));

const caseDetails = (p: ParamReader): Array<[string, string]> => [
  ['Case reference', p.text('reference')],
  ['Procedure', procedure(p)],
];

const appointmentDetails = (p: ParamReader, dateLabel = 'Date and time'): Array<[string, string]> => [
  ...caseDetails(p),
  ['Agency', p.text('agencyName')],
  [dateLabel, `${p.dateTime('startsAt')} ${ECUADOR_TIME}`],
];

const minutes = (n: number): string => (n === 1 ? '1 minute' : `${n} minutes`);

const follow = (p: ParamReader, what = 'You can see the status of your case'): string[] =>
  p.notice.followUrl ? [`${what} at ${p.notice.followUrl} (“Consultar mi trámite”, with the reference ${p.text('reference')}).`] : [];

const BRING_CONFIRMATION =
  'Arrive at the agency a few minutes before the time shown and present the “Confirmación del Turno en Línea” (online appointment confirmation), printed or on your phone, with the original documents and the copies the procedure requires.';
const IF_YOU_CANNOT_COME =
  'If you cannot come, cancel or reschedule your appointment in advance. If you do not come, the appointment is lost and you will have to book a new one.';

const cannotCome = (p: ParamReader, manage = p.optionalText('manageUrl') ?? p.notice.followUrl): string =>
  manage
    ? `If you cannot come, reschedule or cancel your appointment in advance at ${manage} (“Consultar mi trámite”, with your case number). If you do not come, the appointment is lost and you will have to book a new one.`
    : IF_YOU_CANNOT_COME;

function correctionSteps(p: ParamReader, deadline: string): string[] {
  const n = p.notice;
  if (n.correctAt === 'virtual') {
    return [
      `You do not need an appointment: upload the corrected documents again in the Ventanilla Virtual (electronically signed, PDF or JPG of up to 1 MB) by ${deadline} ${ECUADOR_TIME}${n.correctUrl ? `, at ${n.correctUrl}` : ''}.`,
    ];
  }
  if (n.correctAt === 'agency') {
    return [
      `You do not need to book a new appointment: go to ${n.agencyName ? `the agency ${n.agencyName}` : 'the agency of your case'} with the corrected documents and the reference ${p.text('reference')} by ${deadline} ${ECUADOR_TIME}.`,
    ];
  }
  return [`Correct or complete what is listed and hand it in through the same channel where you started the procedure by ${deadline} ${ECUADOR_TIME}.`];
}

/** The English emails: a translation; the Spanish wording (email-content.es.ts) is authoritative. */
export const ENGLISH_EMAILS: EmailBuilders = {
  VERIFICATION_CODE: (p) => {
    const valid = minutes(p.positiveInt('minutesValid'));
    return {
      // The sheet's subject stays in Spanish beside the English: the applicant may search for it.
      subject: 'Verify your IESS online appointment (Verificar IESS turno online)',
      lead: 'We received a request to book an appointment with this email address.',
      highlight: { label: 'Your verification code', value: p.text('code') },
      paragraphs: [`The code is valid for ${valid}.`],
      details: [['Reference', p.text('reference')]],
      nextSteps: [
        `Type this code in the IESS appointments page and click “Verify” within ${valid}.`,
        'Do not share this code with anyone: IESS staff will never ask you for it.',
        'If you did not ask for an appointment, ignore this message; without the code nobody can use your email.',
      ],
    };
  },

  APPOINTMENT_CONFIRMED: (p) => ({
    subject: `Appointment confirmed for ${p.dateTime('startsAt')} (ref. ${p.text('reference')})`,
    lead: `Your appointment for the procedure “${procedure(p)}” is confirmed.`,
    details: appointmentDetails(p),
    nextSteps: [BRING_CONFIRMATION, cannotCome(p)],
  }),

  APPOINTMENT_REMINDER: (p) => {
    const bring = p.optionalList('bring');
    return {
      subject: `Reminder: your appointment is on ${p.dateTime('startsAt')} (ref. ${p.text('reference')})`,
      lead: `This is a reminder of your appointment for the procedure “${procedure(p)}”.`,
      details: appointmentDetails(p),
      ...(bring.length ? { list: { title: `What to bring ${AS_RECORDED}`, items: bring, lang: 'es' as const } } : {}),
      nextSteps: [BRING_CONFIRMATION, cannotCome(p, p.optionalText('manageUrl'))],
    };
  },

  WAITING_LIST_OFFER: (p) => ({
    subject: `A seat freed up on ${p.dateTime('startsAt')}: take it within ${minutes(p.positiveInt('minutesValid'))} (ref. ${p.text('reference')})`,
    lead: `You asked us to tell you if a seat freed up at ${p.text('agencyName')}. It is held for you for ${minutes(p.positiveInt('minutesValid'))}.`,
    highlight: { label: 'Take the appointment here', value: p.text('url') },
    paragraphs: [`The hold lasts until ${p.dateTime('expiresAt')} ${ECUADOR_TIME}; then it goes to the next person on the list.`],
    details: appointmentDetails(p),
    nextSteps: [
      `Open the link and confirm the appointment before ${p.dateTime('expiresAt')}. If you no longer need it, do nothing: it will go to someone else.`,
      'Do not share this link.',
    ],
  }),

  APPOINTMENT_RESCHEDULED: (p) => ({
    subject: `Your appointment moved to ${p.dateTime('startsAt')} (ref. ${p.text('reference')})`,
    lead: `Your appointment for the procedure “${procedure(p)}” was rescheduled.`,
    details: [...appointmentDetails(p, 'New date and time'), ['Previous date (no longer valid)', `${p.dateTime('previousStartsAt')} ${ECUADOR_TIME}`]],
    nextSteps: ['Come on the new date and time; the previous appointment is no longer valid.', BRING_CONFIRMATION, cannotCome(p)],
  }),

  APPOINTMENT_CANCELLED: (p) => ({
    subject: `Your appointment was cancelled (ref. ${p.text('reference')})`,
    lead: `Your appointment for the procedure “${procedure(p)}” was cancelled and is no longer valid.`,
    details: appointmentDetails(p, 'Cancelled date and time'),
    nextSteps: ['Do not go to the agency on that date.', NEW_APPOINTMENT],
  }),

  CASE_LAPSED: (p) => ({
    subject: `We did not record your attendance; your case is closed (ref. ${p.text('reference')})`,
    lead: `We did not record your attendance at the appointment of ${p.dateTime('startsAt')} at ${p.text('agencyName')}, so your case “${procedure(p)}” is closed.`,
    details: appointmentDetails(p),
    nextSteps: [NEW_APPOINTMENT],
  }),

  DOCUMENTS_OBSERVED: (p) => {
    const deadline = p.dateOrDateTime('deadline');
    return {
      subject: `Documents observed: correct them by ${deadline} (ref. ${p.text('reference')})`,
      lead: `We reviewed the documents of your case “${procedure(p)}” and there are observations you must correct to continue.`,
      details: [...caseDetails(p), ['Deadline to correct', `${deadline} ${ECUADOR_TIME}`]],
      list: { title: `Observations ${AS_RECORDED}`, items: p.list('observations'), lang: 'es' },
      nextSteps: [
        ...correctionSteps(p, deadline),
        'If you do not do it by then, the case will be closed as abandoned and you will have to start again.',
        ...follow(p, 'The observations are also shown'),
      ],
    };
  },

  DOCUMENTS_ACCEPTED: (p) => ({
    subject: `Your documents were accepted (ref. ${p.text('reference')})`,
    lead: `The documents of your case “${procedure(p)}” meet the requirements and were accepted.`,
    details: caseDetails(p),
    nextSteps: ['You do not need to do anything else for now. We will write to you when the result is ready.', ...follow(p)],
  }),

  CASE_ABANDONED: (p) => ({
    subject: `Your case was closed as abandoned (ref. ${p.text('reference')})`,
    lead: `The deadline to correct the observations of your case “${procedure(p)}” passed without the corrections, so the case is closed.`,
    details: caseDetails(p),
    nextSteps: [
      p.notice.correctAt === 'virtual'
        ? 'If you still need the password, start a new case in the Ventanilla Virtual and upload every requirement complete.'
        : 'If you still need the procedure, book a new appointment at www.iess.gob.ec, option “Turnos para atención ciudadana”, and bring every requirement complete.',
    ],
  }),

  CASE_REJECTED: (p) => ({
    subject: `Your case was rejected (ref. ${p.text('reference')})`,
    lead: `Your case “${procedure(p)}” was rejected for the reasons below.`,
    details: caseDetails(p),
    list: { title: `Reasons ${AS_RECORDED}`, items: p.list('reasons'), lang: 'es' },
    nextSteps: [
      'Once you have solved the reasons given, you can start a new case.',
      'If you have questions, go to an IESS agency with the reference of this case.',
    ],
  }),

  PODER_IN_LEGAL_REVIEW: (p) => ({
    subject: `Your power of attorney is being reviewed (ref. ${p.text('reference')})`,
    lead: `The power of attorney filed for your case “${procedure(p)}” was sent to the ${LEGAL_UNIT} for validation.`,
    details: caseDetails(p),
    nextSteps: ['You do not need to do anything for now. We will write to you when the power is validated or if it has observations.', ...follow(p)],
  }),

  PODER_ENDORSED: (p) => ({
    subject: `Your power of attorney was validated (ref. ${p.text('reference')})`,
    lead: `The ${LEGAL_UNIT} validated and initialled the power of attorney of your case “${procedure(p)}”.`,
    details: caseDetails(p),
    nextSteps: ['The attorney can now file the procedure: at the agency, hand in the validated and initialled copy of the power of attorney.', ...follow(p)],
  }),

  PODER_REJECTED: (p) => ({
    subject: `Your power of attorney was not validated (ref. ${p.text('reference')})`,
    lead: `The ${LEGAL_UNIT} did not validate the power of attorney of your case “${procedure(p)}”.`,
    details: caseDetails(p),
    list: { title: `Reason ${AS_RECORDED}`, items: [p.text('reason')], lang: 'es' },
    nextSteps: ['To continue, present a power of attorney that corrects what is stated, or the employer can file the procedure in person.', ...follow(p)],
  }),

  FOREIGNER_CODE_ISSUED: (p) => {
    const alreadyHad = p.flag('alreadyHad');
    return {
      subject: alreadyHad
        ? `You already have an IESS identification code (ref. ${p.text('reference')})`
        : `Your foreigner identification code was issued (ref. ${p.text('reference')})`,
      lead: alreadyHad
        ? 'You already had an identification code at the IESS, so no new one was issued. Here it is again.'
        : `Your case “${procedure(p)}” is complete and your foreigner identification code was issued.`,
      highlight: { label: 'Identification code', value: p.text('code') },
      details: [...caseDetails(p), ['Verification number', p.text('verificationNumber')]],
      nextSteps: [
        'Use this code in your IESS procedures instead of the cédula (Ecuadorian identity card).',
        'Keep this email: with the verification number anyone can check that the document is authentic.',
      ],
    };
  },

  CERTIFICATE_ISSUED: (p) => ({
    subject: `Your certificate is ready (ref. ${p.text('reference')})`,
    lead: `Your case “${procedure(p)}” is complete. The certificate is attached as a PDF.`,
    details: [...caseDetails(p), ['Verification number', p.text('verificationNumber')]],
    nextSteps: [
      'Download and keep the attached certificate; present it wherever it is asked for.',
      'With the verification number anyone can check that the certificate is authentic.',
    ],
  }),

  CASE_DELAYED: (p) => ({
    subject: `Your case is taking longer than expected (ref. ${p.text('reference')})`,
    lead: `Your case “${procedure(p)}” is taking longer than expected for reasons internal to the IESS. We apologise.`,
    details: caseDetails(p),
    nextSteps: ['You do not need to do anything: your case is still open and we are working on it. We will write as soon as there is progress.', ...follow(p)],
  }),

  PASSWORD_LINK: (p) => ({
    subject: `Link to set your IESS portal password (ref. ${p.text('reference')})`,
    lead: `We received your case “${procedure(p)}”. Use the link below to set your new password.`,
    highlight: { label: 'Single-use link', value: p.text('url') },
    paragraphs: [`The link is valid for ${minutes(p.positiveInt('minutesValid'))}, until ${p.dateTime('expiresAt')} ${ECUADOR_TIME}, and works only once.`],
    details: caseDetails(p),
    nextSteps: [
      `Open the link before ${p.dateTime('expiresAt')}, accept the “Declaración de información fidedigna” (statement that the information is true; the Spanish text is the binding one) and type your new password: at least 8 characters, letters and digits only.`,
      'If the link expired, ask for a new one from your case.',
      'Do not share this link: IESS staff will never ask you for it. If you did not ask for the password, ignore this message.',
    ],
  }),

  PASSWORD_SET: (p) => ({
    subject: `A new IESS portal password was set (ref. ${p.text('reference')})`,
    lead: `On ${p.dateTime('setAt')} ${ECUADOR_TIME} a new IESS portal password was set through the case “${procedure(p)}”.`,
    details: caseDetails(p),
    nextSteps: [
      'You can now sign in to the IESS portal (www.iess.gob.ec) with your new password.',
      'If you did not make this change, contact IESS Citizen Services (Atención al Ciudadano) at once or go to an agency.',
    ],
  }),

  CREDENTIAL_LOCKED: (p) => ({
    subject: `Your IESS portal password was locked (ref. ${p.text('reference')})`,
    lead: 'All 5 attempts to answer the verification questions were used, so your password is locked.',
    details: caseDetails(p),
    nextSteps: [
      'Go to an IESS agency with your identity document (cédula, or passport if you are a foreigner) and the reference of this case to ask for the unlock.',
      'After the unlock, continue this same case: you do not need to start a new one.',
      ...follow(p),
    ],
  }),

  FOLLOW_CASE_CODE: (p) => {
    const valid = minutes(p.positiveInt('minutesValid'));
    return {
      subject: `Code to see your case (ref. ${p.text('reference')})`,
      lead: 'We received a request to see your case with your case number and your identification number.',
      highlight: { label: 'Your code to see the case', value: p.text('code') },
      paragraphs: [`The code is valid for ${valid} and works only once.`],
      details: [['Reference', p.text('reference')]],
      nextSteps: [
        `Type this code in the IESS page “Consultar mi trámite” (see my case) within ${valid}.`,
        'Do not share this code with anyone: IESS staff will never ask you for it.',
        'If you did not ask to see your case, ignore this message; without the code nobody can see it.',
      ],
    };
  },
};
