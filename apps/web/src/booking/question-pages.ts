import { PROCEDURE_NAMES, type InPersonProcedure } from '@tramites/contracts';
import { FILER_ROLE_LABELS, getProcedure, toLocalDate, validateEmail, validateMobile, type FilerRole } from '@tramites/domain';
import type { TramitesApi } from '../api/api-client';
import type { BookingDraft, WebSession } from '../session/session';
import { DOCUMENT_TYPES, NATIONALITIES } from '../shared/format';
import { text, type FormErrors } from '../shared/forms';
import { apiFailed } from '../shared/page-error';
import { birthDate, bookedCase, provinceName } from './booking-draft';

export const IN_PERSON: InPersonProcedure[] = ['FOREIGNER_CODE', 'FOREIGNER_CODE_EMPLOYMENT', 'NON_AFFILIATION_CERTIFICATE'];
const API_FILERS: FilerRole[] = ['holder', 'employer', 'attorney', 'authorised_third_party'];

type Values = Record<string, string>;
type Body = Record<string, unknown>;

/** What a question page works with: the session (its booking draft) and the API. */
export interface Asking {
  session: WebSession;
  booking: BookingDraft;
  api: TramitesApi;
}

/**
 * One question page of the booking, as data: its address, template and title, the page it
 * needs answered first, the values it shows, what it reads from the form, its rules (errors in
 * the words of the page), where the answer is kept and the page that comes next. `asks`: the
 * fields of the API's start that this page asks (an error the API names is sent back here).
 */
export interface QuestionPage {
  slug: string;
  view: string;
  name: string;
  asks?: string[];
  title: string | ((b: BookingDraft) => string);
  backLink?: string;
  /** GET: the page to answer first, when this one cannot be asked yet. */
  needs?: (b: BookingDraft) => string | undefined;
  /** GET and POST: throws the page to show instead (no case yet). */
  guard?: (a: Asking) => void;
  values: (b: BookingDraft) => Values;
  context?: (a: Asking, values: Values) => Record<string, unknown> | Promise<Record<string, unknown>>;
  read: (body: Body) => Values;
  check: (v: Values, errors: FormErrors, a: Asking) => void | Promise<void>;
  save: (b: BookingDraft, v: Values) => void;
  next: (b: BookingDraft) => string;
}

const filersOf = (procedure: string | undefined) =>
  procedure && (IN_PERSON as string[]).includes(procedure)
    ? getProcedure(procedure as InPersonProcedure).filers.filter((f) => API_FILERS.includes(f.role))
    : [];

async function provinces(api: TramitesApi): Promise<string[]> {
  const r = await api.agencies();
  if (!r.ok) throw apiFailed(r);
  return [...new Set(r.data.items.map((a) => a.province))].sort();
}

async function agencies(a: Asking) {
  const r = await a.api.agencies(a.booking.province);
  if (!r.ok) throw apiFailed(r);
  return r.data.items;
}

const RUC = /^(\d{10}|\d{13})$/;

/** 000-002, "Verificar IESS turno online": the questions before the start, then the agency once the email is verified. */
export const QUESTION_PAGES: QuestionPage[] = [
  {
    slug: 'tramite',
    view: 'turno/tramite.njk',
    name: 'Trámite',
    asks: ['procedure'],
    title: '¿Qué trámite va a realizar?',
    backLink: '/turno',
    values: (b) => ({ procedure: b.procedure ?? '' }),
    context: (_, v) => ({
      items: IN_PERSON.map((p) => ({
        value: p,
        text: PROCEDURE_NAMES[p],
        hint: { text: `Ficha ${getProcedure(p).sheet}. ${getProcedure(p).description}` },
        checked: p === v['procedure'],
      })),
    }),
    read: (body) => ({ procedure: text(body, 'procedure') }),
    check: (v, errors) => {
      if (!(IN_PERSON as string[]).includes(v['procedure'] ?? '')) errors.add('procedure', 'Elija el trámite que va a realizar');
    },
    save: (b, v) => {
      if (b.procedure !== v['procedure']) delete b.filerRole;
      b.procedure = v['procedure'];
    },
    next: () => '/turno/quien',
  },
  {
    slug: 'quien',
    view: 'turno/quien.njk',
    name: 'Quién presenta',
    asks: ['filerRole'],
    title: '¿Quién presenta el trámite?',
    backLink: '/turno/tramite',
    needs: (b) => (b.procedure ? undefined : '/turno/tramite'),
    values: (b) => ({ filerRole: b.filerRole ?? '' }),
    context: (a, v) => ({
      items: filersOf(a.booking.procedure).map((f) => ({
        value: f.role,
        text: FILER_ROLE_LABELS[f.role],
        hint: { text: f.description },
        checked: f.role === v['filerRole'],
      })),
    }),
    read: (body) => ({ filerRole: text(body, 'filerRole') }),
    check: (v, errors, a) => {
      if (!filersOf(a.booking.procedure).some((f) => f.role === v['filerRole'])) errors.add('filerRole', 'Elija quién presenta el trámite');
    },
    save: (b, v) => {
      b.filerRole = v['filerRole'];
    },
    next: () => '/turno/provincia',
  },
  {
    slug: 'provincia',
    view: 'turno/provincia.njk',
    name: 'Provincia',
    asks: ['province'],
    title: '¿En qué provincia quiere ser atendido?',
    backLink: '/turno/quien',
    needs: (b) => (b.filerRole ? undefined : '/turno/quien'),
    values: (b) => ({ province: b.province ?? '' }),
    context: async (a, v) => ({
      items: [
        { value: '', text: 'Elija una provincia' },
        ...(await provinces(a.api)).map((p) => ({ value: p, text: provinceName(p), selected: p === v['province'] })),
      ],
    }),
    read: (body) => ({ province: text(body, 'province') }),
    check: async (v, errors, a) => {
      if (!(await provinces(a.api)).includes(v['province'] ?? '')) errors.add('province', 'Elija la provincia donde quiere ser atendido');
    },
    save: (b, v) => {
      if (b.province !== v['province']) delete b.agencyId;
      b.province = v['province'];
    },
    next: () => '/turno/contacto',
  },
  {
    slug: 'contacto',
    view: 'turno/contacto.njk',
    name: 'Sus datos',
    asks: ['identityNumber', 'booker', 'employerId'],
    title: 'Sus datos de contacto',
    backLink: '/turno/provincia',
    needs: (b) => (b.province ? undefined : '/turno/provincia'),
    values: (b) => ({ identityNumber: b.identityNumber ?? '', email: b.email ?? '', mobile: b.mobile ?? '', employerId: b.employerId ?? '' }),
    context: (a) => ({ askEmployer: a.booking.procedure === 'FOREIGNER_CODE_EMPLOYMENT' }),
    read: (body) => ({
      identityNumber: text(body, 'identityNumber').toUpperCase(),
      email: text(body, 'email'),
      mobile: text(body, 'mobile').replace(/\s/g, ''),
      employerId: text(body, 'employerId'),
    }),
    check: (v, errors) => {
      const { identityNumber = '', email = '', mobile = '', employerId = '' } = v;
      if (!identityNumber) errors.add('identityNumber', 'Escriba su número de identificación');
      else if (!/^[A-Z0-9]{5,20}$/.test(identityNumber))
        errors.add('identityNumber', 'El número de identificación debe tener de 5 a 20 letras o números, sin espacios');
      if (!email) errors.add('email', 'Escriba su correo electrónico');
      else if (!validateEmail(email).ok) errors.add('email', 'Escriba un correo electrónico válido, como nombre@ejemplo.ec');
      if (!mobile) errors.add('mobile', 'Escriba su número de celular');
      else if (!validateMobile(mobile).ok) errors.add('mobile', 'Escriba un celular ecuatoriano: 09 y 8 dígitos, como 0991234567');
      if (employerId && !RUC.test(employerId)) errors.add('employerId', 'El RUC del empleador debe tener 13 dígitos (o la cédula 10)');
    },
    save: (b, v) => {
      Object.assign(b, { identityNumber: v['identityNumber'], email: v['email'], mobile: v['mobile'], employerId: v['employerId'] || undefined });
    },
    next: () => '/turno/titular',
  },
  {
    slug: 'titular',
    view: 'turno/titular.njk',
    name: 'Datos del titular',
    asks: ['holder'],
    title: (b) => (b.filerRole === 'holder' ? 'Sus datos personales' : 'Datos de la persona extranjera'),
    backLink: '/turno/contacto',
    needs: (b) => (b.email ? undefined : '/turno/contacto'),
    values: (b) => ({ ...(b.holder ?? {}) }) as Values,
    context: (a, v) => ({
      nationalities: [
        { value: '', text: 'Elija la nacionalidad' },
        ...NATIONALITIES.map(([code, t]) => ({ value: code, text: t, selected: code === v['nationality'] })),
      ],
      documentTypes: Object.entries(DOCUMENT_TYPES).map(([code, t]) => ({ value: code, text: t, checked: code === v['documentType'] })),
      own: a.booking.filerRole === 'holder',
    }),
    read: (body) => ({
      fullName: text(body, 'fullName'),
      nationality: text(body, 'nationality'),
      documentType: text(body, 'documentType'),
      documentNumber: text(body, 'documentNumber').toUpperCase(),
      birthDay: text(body, 'birthDate-day'),
      birthMonth: text(body, 'birthDate-month'),
      birthYear: text(body, 'birthDate-year'),
    }),
    check: (v, errors) => {
      if ((v['fullName'] ?? '').length < 3) errors.add('fullName', 'Escriba los nombres y apellidos completos');
      if (!NATIONALITIES.some(([code]) => code === v['nationality'])) errors.add('nationality', 'Elija la nacionalidad');
      if (!DOCUMENT_TYPES[v['documentType'] ?? '']) errors.add('documentType', 'Elija el tipo de documento de identidad');
      if (!/^[A-Z0-9 -]{5,20}$/.test(v['documentNumber'] ?? '')) errors.add('documentNumber', 'El número de documento debe tener de 5 a 20 letras o números');
      const birth = birthDate(v['birthDay'] ?? '', v['birthMonth'] ?? '', v['birthYear'] ?? '');
      if (!birth) errors.add('birthDate-day', 'La fecha de nacimiento debe ser una fecha real, como 12 4 1990');
      else if (birth > toLocalDate(Date.now())) errors.add('birthDate-day', 'La fecha de nacimiento debe ser en el pasado');
    },
    save: (b, v) => {
      b.holder = v;
    },
    // 001 by an attorney: the poder comes next.
    next: (b) => (b.filerRole === 'attorney' ? '/turno/poder' : '/turno/revisar'),
  },
  {
    slug: 'poder',
    view: 'turno/poder.njk',
    name: 'Poder notarial',
    asks: ['poder'],
    title: 'Datos del poder notarial',
    backLink: '/turno/titular',
    needs: (b) => (b.holder ? undefined : '/turno/titular'),
    values: (b) => ({ ...(b.poder ?? {}) }) as Values,
    read: (body) => ({
      employerId: text(body, 'employerId'),
      attorneyName: text(body, 'attorneyName'),
      deedNumber: text(body, 'deedNumber'),
      notary: text(body, 'notary'),
    }),
    check: (v, errors) => {
      if (!RUC.test(v['employerId'] ?? '')) errors.add('employerId', 'El RUC del empleador que otorgó el poder debe tener 13 dígitos (o la cédula 10)');
      if ((v['attorneyName'] ?? '').length < 3) errors.add('attorneyName', 'Escriba sus nombres y apellidos como constan en el poder');
      if (!v['deedNumber']) errors.add('deedNumber', 'Escriba el número de la escritura del poder');
      if (!v['notary']) errors.add('notary', 'Escriba la notaría que otorgó el poder');
    },
    save: (b, v) => {
      b.poder = v;
    },
    next: () => '/turno/revisar',
  },
  {
    slug: 'agencia',
    view: 'turno/agencia.njk',
    name: 'Agencia',
    title: '¿En qué agencia quiere ser atendido?',
    guard: (a) => void bookedCase(a.session),
    values: (b) => ({ agencyId: b.agencyId ?? '' }),
    context: async (a, v) => ({
      items: (await agencies(a)).map((x) => ({
        value: x.id,
        text: x.name,
        hint: { text: `${x.address}. Atención de ${x.opensAt} a ${x.closesAt}, de lunes a viernes.` },
        checked: x.id === v['agencyId'],
      })),
      province: provinceName(a.booking.province ?? ''),
    }),
    read: (body) => ({ agencyId: text(body, 'agencyId') }),
    check: async (v, errors, a) => {
      if (!(await agencies(a)).some((x) => x.id === v['agencyId'])) errors.add('agencyId', 'Elija la agencia donde quiere ser atendido');
    },
    save: (b, v) => {
      b.agencyId = v['agencyId'];
    },
    next: () => '/turno/fecha',
  },
];

/** The page that asks the API's field `field` (its first path segment), for an error the API names. */
export const pageAsking = (field: string): QuestionPage | undefined => QUESTION_PAGES.find((p) => p.asks?.some((f) => field.startsWith(f)));
