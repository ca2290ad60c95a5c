import { foldText } from '../shared/text';

/**
 * 003, VIRTUAL 5-7: the identity check before a new affiliate password: day and
 * month of birth, two questions on the work history IESS holds, and two personal
 * questions whose answers were set at the first generation.
 */

/** 003, VIRTUAL 7: the personal questions offered at the first generation. */
export const PERSONAL_QUESTIONS = [
  { id: 'P1', text: '¿Cuál es el nombre de su primera mascota?' },
  { id: 'P2', text: '¿En qué ciudad nació su madre?' },
  { id: 'P3', text: '¿Cómo se llamaba su escuela primaria?' },
  { id: 'P4', text: '¿Cuál es el segundo nombre de su padre?' },
  { id: 'P5', text: '¿Cuál fue su primer trabajo?' },
  { id: 'P6', text: '¿Cuál es el apellido de su mejor amigo de la infancia?' },
] as const;

export type PersonalQuestionId = (typeof PERSONAL_QUESTIONS)[number]['id'];

export const PERSONAL_QUESTION_COUNT = 2;
export const WORK_HISTORY_QUESTION_COUNT = 2;

export function isPersonalQuestionId(id: string): id is PersonalQuestionId {
  return PERSONAL_QUESTIONS.some((q) => q.id === id);
}

export function personalQuestionText(id: string): string | undefined {
  return PERSONAL_QUESTIONS.find((q) => q.id === id)?.text;
}

/**
 * The form in which an answer is hashed and compared: accents, case, punctuation
 * and repeated spaces do not matter ("San José " equals "san jose").
 */
export function normalizeAnswer(answer: string): string {
  return foldText(answer).toLowerCase();
}

/** An answer to keep must have 2 to 60 significant characters. */
export function isAcceptableAnswer(answer: string): boolean {
  const n = normalizeAnswer(answer);
  return n.length >= 2 && n.length <= 60;
}

export interface WorkRecord {
  readonly employerRuc: string;
  readonly employerName: string;
  /** YYYY-MM-DD */
  readonly startedOn: string;
}

export type WorkQuestionKind = 'employer' | 'start_year';

/** A multiple-choice question on the work history, with the answer kept apart. */
export interface DrawnWorkQuestion {
  readonly id: string;
  readonly kind: WorkQuestionKind;
  readonly text: string;
  readonly options: readonly string[];
  readonly answer: string;
}

const OPTION_COUNT = 4;

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)] as T;
}

/**
 * Draws the two work-history questions: with which of four employers the person
 * worked, and in which of four years one of the person's jobs began. The questions
 * are independent: neither names an employer or a year of the person's history
 * outside its own options, so one never gives away the other's answer (the year
 * question once named a real employer, the answer to the employer question).
 * `decoyEmployers` are names the person never worked for; `random` is a seeded
 * generator (the same seed draws the same questions). Returns an empty list when
 * the registry holds no work history.
 */
export function drawWorkHistoryQuestions(
  history: readonly WorkRecord[],
  decoyEmployers: readonly string[],
  random: () => number,
  currentYear: number,
): DrawnWorkQuestion[] {
  if (history.length === 0) return [];
  const worked = new Set(history.map((h) => foldText(h.employerName)));
  const decoys = [...new Set(decoyEmployers)].filter((name) => !worked.has(foldText(name)));
  const employerJob = pick(history, random);
  const employerOptions = shuffled([employerJob.employerName, ...shuffled(decoys, random).slice(0, OPTION_COUNT - 1)], random);

  // One start year of the person's jobs; the decoys are near years in which none of them began.
  const startYears = new Set(history.map((h) => Number(h.startedOn.slice(0, 4))));
  const year = Number(pick(history, random).startedOn.slice(0, 4));
  const candidates = nearYears(year, currentYear)
    .filter((y) => !startYears.has(y))
    .slice(0, 2 * (OPTION_COUNT - 1));
  const yearOptions = shuffled(
    [
      String(year),
      ...shuffled(candidates, random)
        .slice(0, OPTION_COUNT - 1)
        .map(String),
    ],
    random,
  );

  return [
    {
      id: 'W1',
      kind: 'employer',
      text: '¿Con cuál de los siguientes empleadores ha tenido relación laboral?',
      options: employerOptions,
      answer: employerJob.employerName,
    },
    {
      id: 'W2',
      kind: 'start_year',
      text: '¿En cuál de los siguientes años inició una de sus relaciones laborales?',
      options: yearOptions,
      answer: String(year),
    },
  ];
}

/** Years around `year`, nearest first, none after `currentYear`. */
function nearYears(year: number, currentYear: number): number[] {
  const out: number[] = [];
  for (let d = 1; d <= 40; d += 1) {
    if (year - d > 1900) out.push(year - d);
    if (year + d <= currentYear) out.push(year + d);
  }
  return out;
}

/** "juan.perez@gmail.com" -> "ju********@gmail.com": shows the applicant which address is on file. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  const local = email.slice(0, at);
  const visible = local.slice(0, Math.min(2, Math.max(1, local.length - 1)));
  return `${visible}${'*'.repeat(Math.max(3, local.length - visible.length))}${email.slice(at)}`;
}

/** A small seeded generator (mulberry32): deterministic draws from a 32-bit seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
