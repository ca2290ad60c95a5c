import argon2 from 'argon2';
import { RUC_WEIGHTS, modulo11CheckDigit, normalizeAnswer } from '@tramites/domain';
import { TestRows } from './rows';
import type { DataSource } from 'typeorm';

/** Registry rows for the portal-password procedures (003, 004), as IESS would hold them. */

export interface AffiliateFixture {
  identityNumber: string;
  fullName: string;
  /** YYYY-MM-DD */
  birthDate: string;
  email: string;
  history: Array<{ employerRuc: string; employerName: string; startedOn: string }>;
  /** Personal answers set at an earlier generation (absent: first generation). */
  personal?: Record<string, string>;
}

let sequence = 0;

/** A valid cédula (province 17, check digit computed) unique within the run. */
export function uniqueCedula(): string {
  sequence += 1;
  // Pichincha (17), a third digit below 6 (a natural person's cédula), then seven digits.
  const n = Date.now() + sequence * 7919;
  const body = `17${n % 6}${String(n % 1_000_000).padStart(6, '0')}`;
  const digits = body.split('').map(Number);
  const sum = digits.reduce((acc, d, i) => {
    const v = i % 2 === 0 ? d * 2 : d;
    return acc + (v > 9 ? v - 9 : v);
  }, 0);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

export function affiliateFixture(overrides: Partial<AffiliateFixture> = {}): AffiliateFixture {
  return {
    identityNumber: uniqueCedula(),
    fullName: 'Ana Lucía Torres Vega',
    birthDate: '1988-04-17',
    email: 'ana.torres@example.ec',
    history: [
      { employerRuc: '1790012345001', employerName: 'Comercial Andina S.A.', startedOn: '2012-03-01' },
      { employerRuc: '0990011223001', employerName: 'Exportadora del Pacífico Cía. Ltda.', startedOn: '2018-08-15' },
    ],
    ...overrides,
  };
}

export async function seedAffiliate(db: DataSource, a: AffiliateFixture): Promise<AffiliateFixture> {
  const rows = new TestRows(db);
  await rows.insertAffiliate(a);
  for (const h of a.history) await rows.insertWorkHistory(a.identityNumber, h);
  if (a.personal) {
    const answers = await Promise.all(
      Object.entries(a.personal).map(async ([questionId, answer]) => ({
        questionId,
        hash: await argon2.hash(normalizeAnswer(answer), { type: argon2.argon2id }),
      })),
    );
    await rows.insertEarlierCredential(a.identityNumber, await argon2.hash('ClaveAnterior1', { type: argon2.argon2id }), answers);
  }
  return a;
}

/** The right option of each work-history question, from what the fixture says of the person. */
export function workHistoryAnswers(a: AffiliateFixture, questions: Array<{ id: string; text: string; options: string[] }>): Record<string, string> {
  const employers = new Set(a.history.map((h) => h.employerName));
  const years = new Set(a.history.map((h) => h.startedOn.slice(0, 4)));
  return Object.fromEntries(questions.map((q) => [q.id, q.options.find((o) => employers.has(o) || years.has(o)) ?? '']));
}

export interface EmployerFixture {
  id: string;
  idType: 'ruc' | 'foreigner_code' | 'passport' | 'visa';
  name: string;
  province: string;
  email: string;
  legalRepIdentity: string;
  legalRepName: string;
  isArtisan?: boolean;
  keyRequestNumber?: string | null;
}

/** A valid RUC of a private company (third digit 9, modulo-11 check digit), unique within the run. */
export function uniquePrivateRuc(): string {
  for (;;) {
    sequence += 1;
    const body = `179${String((Date.now() + sequence * 104729) % 1_000_000).padStart(6, '0')}`;
    const check = modulo11CheckDigit(body, RUC_WEIGHTS.private);
    if (check !== null) return `${body}${check}001`;
  }
}

export function employerFixture(overrides: Partial<EmployerFixture> = {}): EmployerFixture {
  sequence += 1;
  return {
    id: uniquePrivateRuc(),
    idType: 'ruc',
    name: 'Importadora Quiteña S.A.',
    province: 'PICHINCHA',
    email: 'clave.patronal@importadora.example.ec',
    legalRepIdentity: '1710034065',
    legalRepName: 'Carlos Andrés Vera Mora',
    keyRequestNumber: `SEC-${sequence}`,
    ...overrides,
  };
}

export async function seedEmployer(db: DataSource, e: EmployerFixture): Promise<EmployerFixture> {
  await new TestRows(db).insertEmployer(e);
  return e;
}
