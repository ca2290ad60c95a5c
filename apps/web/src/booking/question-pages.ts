import type { InPersonProcedure } from '@tramites/contracts';
import { getProcedure, isNationalityCode, nationalityChoices, toLocalDate, validateEmail, validateMobile, type FilerRole } from '@tramites/domain';
import type { TFunction } from 'i18next';
import type { TramitesApi } from '../api/api-client';
import type { Locale } from '../i18n';
import type { BookingDraft, WebSession } from '../session/session';
import { text, type FormErrors } from '../shared/forms';
import { apiFailed } from '../shared/page-error';
import { birthDate, bookedCase, provinceName } from './booking-draft';
import { DOCUMENT_TYPE_CODES, documentTypeName, filerHint, filerName, procedureHint, procedureName } from './booking-text';

export const IN_PERSON: InPersonProcedure[] = ['FOREIGNER_CODE', 'FOREIGNER_CODE_EMPLOYMENT', 'NON_AFFILIATION_CERTIFICATE'];
const API_FILERS: FilerRole[] = ['holder', 'employer', 'attorney', 'authorised_third_party'];

type Values = Record<string, string>;
type Body = Record<string, unknown>;

/** What a question page works with: the session (its booking draft), the API and the page's language. */
export interface Asking {
  session: WebSession;
  booking: BookingDraft;
  api: TramitesApi;
  t: TFunction;
  locale: Locale;
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
  /** The page's short name, in an error the API names ("Sus datos: ..."). */
  name: (t: TFunction) => string;
  asks?: string[];
  title: (a: Asking) => string;
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

/** The holder files for themself: the pages say «su», and their document number is their identity number. */
const own = (a: Asking): boolean => a.booking.filerRole === 'holder';

/** 000-002, "Verificar IESS turno online": the questions before the start, then the agency once the email is verified. */
export const QUESTION_PAGES: QuestionPage[] = [
  {
    slug: 'tramite',
    view: 'turno/tramite.njk',
    name: (t) => t('booking:pages.tramite'),
    asks: ['procedure'],
    title: (a) => a.t('booking:tramite.title'),
    backLink: '/turno',
    values: (b) => ({ procedure: b.procedure ?? '' }),
    context: (a, v) => ({
      items: IN_PERSON.map((p) => ({
        value: p,
        text: procedureName(a.t, p),
        hint: { text: procedureHint(a.t, p) },
        checked: p === v['procedure'],
      })),
    }),
    read: (body) => ({ procedure: text(body, 'procedure') }),
    check: (v, errors, a) => {
      if (!(IN_PERSON as string[]).includes(v['procedure'] ?? '')) errors.add('procedure', a.t('booking:tramite.error'));
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
    name: (t) => t('booking:pages.quien'),
    asks: ['filerRole'],
    title: (a) => a.t('booking:quien.title'),
    backLink: '/turno/tramite',
    needs: (b) => (b.procedure ? undefined : '/turno/tramite'),
    values: (b) => ({ filerRole: b.filerRole ?? '' }),
    context: (a, v) => ({
      items: filersOf(a.booking.procedure).map((f) => ({
        value: f.role,
        text: filerName(a.t, f.role),
        hint: { text: filerHint(a.t, a.booking.procedure ?? '', f.role) || f.description },
        checked: f.role === v['filerRole'],
      })),
    }),
    read: (body) => ({ filerRole: text(body, 'filerRole') }),
    check: (v, errors, a) => {
      if (!filersOf(a.booking.procedure).some((f) => f.role === v['filerRole'])) errors.add('filerRole', a.t('booking:quien.error'));
    },
    save: (b, v) => {
      b.filerRole = v['filerRole'];
    },
    next: () => '/turno/provincia',
  },
  {
    slug: 'provincia',
    view: 'turno/provincia.njk',
    name: (t) => t('booking:pages.provincia'),
    asks: ['province'],
    title: (a) => a.t('booking:provincia.title'),
    backLink: '/turno/quien',
    needs: (b) => (b.filerRole ? undefined : '/turno/quien'),
    values: (b) => ({ province: b.province ?? '' }),
    context: async (a, v) => ({
      items: [
        { value: '', text: a.t('booking:provincia.choose') },
        ...(await provinces(a.api)).map((p) => ({ value: p, text: provinceName(p), selected: p === v['province'] })),
      ],
    }),
    read: (body) => ({ province: text(body, 'province') }),
    check: async (v, errors, a) => {
      if (!(await provinces(a.api)).includes(v['province'] ?? '')) errors.add('province', a.t('booking:provincia.error'));
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
    name: (t) => t('booking:pages.contacto'),
    asks: ['identityNumber', 'booker', 'employerId'],
    title: (a) => a.t('booking:contacto.title'),
    backLink: '/turno/provincia',
    needs: (b) => (b.province ? undefined : '/turno/provincia'),
    values: (b) => ({ identityNumber: b.identityNumber ?? '', email: b.email ?? '', mobile: b.mobile ?? '', employerId: b.employerId ?? '' }),
    context: (a) => ({ askEmployer: a.booking.procedure === 'FOREIGNER_CODE_EMPLOYMENT', own: a.booking.filerRole === 'holder' }),
    read: (body) => ({
      identityNumber: text(body, 'identityNumber').toUpperCase(),
      email: text(body, 'email'),
      mobile: text(body, 'mobile').replace(/\s/g, ''),
      employerId: text(body, 'employerId'),
    }),
    check: (v, errors, { t }) => {
      const { identityNumber = '', email = '', mobile = '', employerId = '' } = v;
      if (!identityNumber) errors.add('identityNumber', t('booking:contacto.errors.identityMissing'));
      else if (!/^[A-Z0-9]{5,20}$/.test(identityNumber)) errors.add('identityNumber', t('booking:contacto.errors.identityFormat'));
      if (!email) errors.add('email', t('booking:contacto.errors.emailMissing'));
      else if (!validateEmail(email).ok) errors.add('email', t('booking:contacto.errors.emailFormat'));
      if (!mobile) errors.add('mobile', t('booking:contacto.errors.mobileMissing'));
      else if (!validateMobile(mobile).ok) errors.add('mobile', t('booking:contacto.errors.mobileFormat'));
      if (employerId && !RUC.test(employerId)) errors.add('employerId', t('booking:contacto.errors.employerFormat'));
    },
    save: (b, v) => {
      Object.assign(b, { identityNumber: v['identityNumber'], email: v['email'], mobile: v['mobile'], employerId: v['employerId'] || undefined });
    },
    next: () => '/turno/titular',
  },
  // The foreign person, one question per page (GOV.UK): name, nationality, identity document, birth date.
  {
    slug: 'titular',
    view: 'turno/titular.njk',
    name: (t) => t('booking:pages.titular'),
    asks: ['holder.fullName'],
    title: (a) => (own(a) ? a.t('booking:titular.titleOwn') : a.t('booking:titular.title')),
    backLink: '/turno/contacto',
    needs: (b) => (b.email ? undefined : '/turno/contacto'),
    values: (b) => ({ fullName: b.holder?.fullName ?? '' }),
    context: (a) => ({ own: own(a) }),
    read: (body) => ({ fullName: text(body, 'fullName') }),
    check: (v, errors, { t }) => {
      if ((v['fullName'] ?? '').length < 3) errors.add('fullName', t('booking:titular.errors.fullName'));
    },
    save: (b, v) => {
      b.holder = { ...b.holder, ...v };
    },
    next: () => '/turno/nacionalidad',
  },
  {
    slug: 'nacionalidad',
    view: 'turno/nacionalidad.njk',
    name: (t) => t('booking:pages.nacionalidad'),
    asks: ['holder.nationality'],
    title: (a) => (own(a) ? a.t('booking:nacionalidad.titleOwn') : a.t('booking:nacionalidad.title')),
    backLink: '/turno/titular',
    needs: (b) => (b.holder?.fullName ? undefined : '/turno/titular'),
    values: (b) => ({ nationality: b.holder?.nationality ?? '' }),
    context: (a, v) => ({
      // Every nationality of ISO 3166-1 and the stateless and refugee statuses, by name in the page's language (searchable when JavaScript runs).
      nationalities: [
        { value: '', text: a.t('booking:titular.chooseNationality') },
        ...nationalityChoices(a.locale).map((n) => ({ value: n.code, text: n.name, selected: n.code === v['nationality'] })),
      ],
    }),
    read: (body) => ({ nationality: text(body, 'nationality') }),
    check: (v, errors, { t }) => {
      if (!isNationalityCode(v['nationality'] ?? '')) errors.add('nationality', t('booking:titular.errors.nationality'));
    },
    save: (b, v) => {
      b.holder = { ...b.holder, ...v };
    },
    next: () => '/turno/documento',
  },
  {
    slug: 'documento',
    view: 'turno/documento.njk',
    name: (t) => t('booking:pages.documento'),
    asks: ['holder.documentType', 'holder.documentNumber'],
    title: (a) => (own(a) ? a.t('booking:documento.titleOwn') : a.t('booking:documento.title')),
    backLink: '/turno/nacionalidad',
    needs: (b) => (b.holder?.nationality ? undefined : '/turno/nacionalidad'),
    values: (b) => ({ documentType: b.holder?.documentType ?? '', documentNumber: b.holder?.documentNumber ?? '' }),
    context: (a, v) => ({
      documentTypes: DOCUMENT_TYPE_CODES.map((code) => ({ value: code, text: documentTypeName(a.t, code), checked: code === v['documentType'] })),
      own: own(a),
      // The holder's own document number was asked once, as their identity number.
      ownNumber: own(a) ? (a.booking.identityNumber ?? '') : '',
    }),
    read: (body) => ({ documentType: text(body, 'documentType'), documentNumber: text(body, 'documentNumber').toUpperCase() }),
    check: (v, errors, a) => {
      if (own(a)) v['documentNumber'] = a.booking.identityNumber ?? '';
      if (!(DOCUMENT_TYPE_CODES as readonly string[]).includes(v['documentType'] ?? '')) errors.add('documentType', a.t('booking:titular.errors.documentType'));
      if (!/^[A-Z0-9 -]{5,20}$/.test(v['documentNumber'] ?? '')) errors.add('documentNumber', a.t('booking:titular.errors.documentNumber'));
    },
    save: (b, v) => {
      b.holder = { ...b.holder, ...v, ...(b.filerRole === 'holder' ? { documentNumber: b.identityNumber ?? '' } : {}) };
    },
    next: () => '/turno/nacimiento',
  },
  {
    slug: 'nacimiento',
    view: 'turno/nacimiento.njk',
    name: (t) => t('booking:pages.nacimiento'),
    asks: ['holder.birthDate', 'holder'],
    title: (a) => (own(a) ? a.t('booking:nacimiento.titleOwn') : a.t('booking:nacimiento.title')),
    backLink: '/turno/documento',
    needs: (b) => (b.holder?.documentType ? undefined : '/turno/documento'),
    values: (b) => ({ birthDay: b.holder?.birthDay ?? '', birthMonth: b.holder?.birthMonth ?? '', birthYear: b.holder?.birthYear ?? '' }),
    read: (body) => ({ birthDay: text(body, 'birthDate-day'), birthMonth: text(body, 'birthDate-month'), birthYear: text(body, 'birthDate-year') }),
    check: (v, errors, { t }) => {
      const birth = birthDate(v['birthDay'] ?? '', v['birthMonth'] ?? '', v['birthYear'] ?? '');
      if (!birth) errors.add('birthDate-day', t('booking:titular.errors.birthDate'));
      else if (birth > toLocalDate(Date.now())) errors.add('birthDate-day', t('booking:titular.errors.birthFuture'));
    },
    save: (b, v) => {
      b.holder = { ...b.holder, ...v };
    },
    // 001 by an attorney: the poder comes next.
    next: (b) => (b.filerRole === 'attorney' ? '/turno/poder' : '/turno/revisar'),
  },
  {
    slug: 'poder',
    view: 'turno/poder.njk',
    name: (t) => t('booking:pages.poder'),
    asks: ['poder'],
    title: (a) => a.t('booking:poder.title'),
    backLink: '/turno/nacimiento',
    needs: (b) => (b.holder?.birthYear ? undefined : '/turno/nacimiento'),
    values: (b) => ({ ...(b.poder ?? {}) }) as Values,
    read: (body) => ({
      employerId: text(body, 'employerId'),
      attorneyName: text(body, 'attorneyName'),
      deedNumber: text(body, 'deedNumber'),
      notary: text(body, 'notary'),
    }),
    check: (v, errors, { t }) => {
      if (!RUC.test(v['employerId'] ?? '')) errors.add('employerId', t('booking:poder.errors.employerId'));
      if ((v['attorneyName'] ?? '').length < 3) errors.add('attorneyName', t('booking:poder.errors.attorneyName'));
      if (!v['deedNumber']) errors.add('deedNumber', t('booking:poder.errors.deedNumber'));
      if (!v['notary']) errors.add('notary', t('booking:poder.errors.notary'));
    },
    save: (b, v) => {
      b.poder = v;
    },
    next: () => '/turno/revisar',
  },
  {
    slug: 'agencia',
    view: 'turno/agencia.njk',
    name: (t) => t('booking:pages.agencia'),
    title: (a) => a.t('booking:agencia.title'),
    guard: (a) => void bookedCase(a.session, a.t),
    values: (b) => ({ agencyId: b.agencyId ?? '' }),
    context: async (a, v) => ({
      items: (await agencies(a)).map((x) => ({
        value: x.id,
        text: x.name,
        hint: { text: a.t('booking:agencia.hours', { address: x.address, opens: x.opensAt, closes: x.closesAt }) },
        checked: x.id === v['agencyId'],
      })),
      province: provinceName(a.booking.province ?? ''),
    }),
    read: (body) => ({ agencyId: text(body, 'agencyId') }),
    check: async (v, errors, a) => {
      if (!(await agencies(a)).some((x) => x.id === v['agencyId'])) errors.add('agencyId', a.t('booking:agencia.error'));
    },
    save: (b, v) => {
      b.agencyId = v['agencyId'];
    },
    next: () => '/turno/fecha',
  },
];

/** The page that asks the API's field `field` (its first path segment), for an error the API names. */
export const pageAsking = (field: string): QuestionPage | undefined =>
  QUESTION_PAGES.find((p) => p.asks?.some((f) => f.includes('.') && field.startsWith(f))) ??
  QUESTION_PAGES.find((p) => p.asks?.some((f) => field.startsWith(f)));
