/**
 * Verhoeff check digit (dihedral group D5). Unlike modulo 10 or 11 it
 * detects every single-digit substitution and every transposition of two
 * adjacent digits, the two most common errors when people copy numbers.
 */

/** Multiplication table of D5: rotations 0-4, reflections 5-9. */
const D: readonly (readonly number[])[] = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];

/** Position permutation: P[k] is the base permutation applied k times (period 8). */
const BASE_PERMUTATION = [1, 5, 7, 6, 2, 8, 3, 0, 9, 4] as const;
const P: readonly (readonly number[])[] = (() => {
  const rows: number[][] = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]];
  for (let k = 1; k < 8; k++) {
    const previous = rows[k - 1] ?? [];
    rows.push(previous.map((digit) => BASE_PERMUTATION[digit] ?? 0));
  }
  return rows;
})();

/** Inverse of each element in D5. */
const INVERSE = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9] as const;

function assertDigits(value: string, fn: string): void {
  if (!/^\d+$/.test(value)) throw new RangeError(`${fn} expects a non-empty string of decimal digits`);
}

function fold(digits: string, offset: number): number {
  let c = 0;
  for (let i = 0; i < digits.length; i++) {
    const digit = Number(digits[digits.length - 1 - i]);
    c = D[c]?.[P[(i + offset) % 8]?.[digit] ?? 0] ?? 0;
  }
  return c;
}

/** The digit to append to `digits` so that the whole string validates. */
export function verhoeffCheckDigit(digits: string): number {
  assertDigits(digits, 'verhoeffCheckDigit');
  return INVERSE[fold(digits, 1)] ?? 0;
}

/** True when the last digit of `digitsWithCheck` is the Verhoeff check digit of the rest. */
export function verhoeffValidate(digitsWithCheck: string): boolean {
  if (!/^\d{2,}$/.test(digitsWithCheck)) return false;
  return fold(digitsWithCheck, 0) === 0;
}
