import { isIdentityProvinceCode } from '../validators/province';

/**
 * Filters applied to every candidate foreigner code (all 12 digits,
 * check digit included) before it is issued. They keep out numbers that
 * are easy to mistype, easy to confuse with one another, look forged or
 * look like a cédula/RUC. The idea follows national-ID generators such as
 * MOSIP's; the rules and limits here are our own (ADR 0002).
 *
 * Filters decide issuance only: `isValidForeignerCode` never applies them,
 * so tightening a filter later never invalidates a code already issued.
 */
export interface ForeignerCodeFilterOptions {
  /** Longest allowed run of consecutive ascending or descending digits: 3 allows "123", refuses "1234". */
  readonly maxSequenceLength: number;
  /** Longest allowed run of digits stepping by 2: 3 allows "246", refuses "2468" and "9753". */
  readonly maxStepTwoLength: number;
  /** Longest allowed run of one repeated digit: 2 allows "77", refuses "777". */
  readonly maxRepeatedDigits: number;
  /** Refuse a block of at least this many digits immediately repeated: 2 refuses "1212", "4545", "123123". */
  readonly minRepeatedBlockLength: number;
  /** Longest allowed mirrored group: 5 allows "12321", refuses "123321". */
  readonly maxMirroredLength: number;
  /** Digit strings that must not appear anywhere in a code. */
  readonly denyList: readonly string[];
}

export const DEFAULT_FOREIGNER_CODE_FILTER_OPTIONS: ForeignerCodeFilterOptions = Object.freeze({
  maxSequenceLength: 3,
  maxStepTwoLength: 3,
  maxRepeatedDigits: 2,
  minRepeatedBlockLength: 2,
  maxMirroredLength: 5,
  denyList: Object.freeze<string[]>([]),
});

export type ForeignerCodeFilterId =
  | 'no-leading-zero'
  | 'no-sequence'
  | 'no-step-two-sequence'
  | 'no-repeated-digits'
  | 'no-repeated-block'
  | 'no-mirrored-group'
  | 'not-cedula-or-ruc-like'
  | 'not-in-deny-list';

export interface ForeignerCodeFilter {
  readonly id: ForeignerCodeFilterId;
  /** Explanation for officers and auditors (es-EC). */
  readonly description: string;
  /** True when `code` passes this filter. */
  readonly passes: (code: string, options: ForeignerCodeFilterOptions) => boolean;
}

/** Longest run where each digit differs from the previous by exactly `step` (same sign throughout). */
export function longestArithmeticRun(code: string, step: number): number {
  if (code.length === 0) return 0;
  let longest = 1;
  let up = 1;
  let down = 1;
  for (let i = 1; i < code.length; i++) {
    const diff = Number(code[i]) - Number(code[i - 1]);
    up = diff === step ? up + 1 : 1;
    down = diff === -step ? down + 1 : 1;
    longest = Math.max(longest, up, down);
  }
  return longest;
}

export function longestRepeatedDigitRun(code: string): number {
  if (code.length === 0) return 0;
  let longest = 1;
  let run = 1;
  for (let i = 1; i < code.length; i++) {
    run = code[i] === code[i - 1] ? run + 1 : 1;
    longest = Math.max(longest, run);
  }
  return longest;
}

/** True if some block of length >= minLength is immediately followed by itself ("4545", "123123"). */
export function hasRepeatedBlock(code: string, minLength: number): boolean {
  for (let length = Math.max(1, minLength); length * 2 <= code.length; length++) {
    for (let start = 0; start + 2 * length <= code.length; start++) {
      if (code.slice(start, start + length) === code.slice(start + length, start + 2 * length)) return true;
    }
  }
  return false;
}

/** Length of the longest palindromic substring ("123321" -> 6). */
export function longestMirroredGroup(code: string): number {
  let longest = code.length > 0 ? 1 : 0;
  for (let centre = 0; centre < code.length; centre++) {
    for (const [l0, r0] of [
      [centre, centre],
      [centre, centre + 1],
    ] as const) {
      let l = l0;
      let r = r0;
      while (l >= 0 && r < code.length && code[l] === code[r]) {
        l--;
        r++;
      }
      longest = Math.max(longest, r - l - 1);
    }
  }
  return longest;
}

export const foreignerCodeFilters: readonly ForeignerCodeFilter[] = [
  {
    id: 'no-leading-zero',
    description: 'No empieza con 0, para que no se pierda un dígito al copiarlo en hojas de cálculo.',
    passes: (code) => !code.startsWith('0'),
  },
  {
    id: 'no-sequence',
    description: 'Sin secuencias ascendentes o descendentes más largas que el límite (por defecto 3, como 123 o 987).',
    passes: (code, o) => longestArithmeticRun(code, 1) <= o.maxSequenceLength,
  },
  {
    id: 'no-step-two-sequence',
    description: 'Sin secuencias de dos en dos más largas que el límite (por defecto 3, como 246 o 975).',
    passes: (code, o) => longestArithmeticRun(code, 2) <= o.maxStepTwoLength,
  },
  {
    id: 'no-repeated-digits',
    description: 'Ningún dígito se repite seguido más veces que el límite (por defecto 2, como 77).',
    passes: (code, o) => longestRepeatedDigitRun(code) <= o.maxRepeatedDigits,
  },
  {
    id: 'no-repeated-block',
    description: 'Sin bloques repetidos uno tras otro (como 1212, 4545 o 123123).',
    passes: (code, o) => !hasRepeatedBlock(code, o.minRepeatedBlockLength),
  },
  {
    id: 'no-mirrored-group',
    description: 'Sin grupos en espejo más largos que el límite (por defecto 5; se rechaza 123321).',
    passes: (code, o) => longestMirroredGroup(code) <= o.maxMirroredLength,
  },
  {
    id: 'not-cedula-or-ruc-like',
    description: 'No empieza con un código de provincia (01 a 24 o 30), para que no se confunda con una cédula o un RUC al que le falten o sobren dígitos.',
    passes: (code) => !isIdentityProvinceCode(code.slice(0, 2)),
  },
  {
    id: 'not-in-deny-list',
    description: 'No contiene ninguna secuencia de la lista de exclusión configurada por el administrador.',
    passes: (code, o) => o.denyList.every((denied) => denied === '' || !code.includes(denied)),
  },
];

/** The ids of the filters `code` fails (empty when it passes all of them). */
export function failedForeignerCodeFilters(code: string, options: Partial<ForeignerCodeFilterOptions> = {}): ForeignerCodeFilterId[] {
  const resolved = { ...DEFAULT_FOREIGNER_CODE_FILTER_OPTIONS, ...options };
  return foreignerCodeFilters.filter((f) => !f.passes(code, resolved)).map((f) => f.id);
}
