/** fast-check generators shared by the validator specs. */
import fc from 'fast-check';
import { cedulaCheckDigit, modulo11CheckDigit, RUC_WEIGHTS } from '@tramites/domain';

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));

export const provinceCode = fc.oneof(fc.integer({ min: 1, max: 24 }), fc.constant(30)).map((n) => String(n).padStart(2, '0'));

/** Any valid cédula: province, third digit 0-5, six free digits, check digit. */
export const validCedula = fc.tuple(provinceCode, fc.integer({ min: 0, max: 5 }), digits(6)).map(([p, third, rest]) => {
  const nine = `${p}${third}${rest}`;
  return nine + String(cedulaCheckDigit(nine));
});

const establishment = (n: number) => digits(n).filter((e) => /[1-9]/.test(e));

export const validNaturalRuc = fc.tuple(validCedula, establishment(3)).map(([c, e]) => c + e);

export const validPrivateRuc = fc
  .tuple(provinceCode, digits(6), establishment(3))
  .map(([p, rest, e]) => {
    const nine = `${p}9${rest}`;
    const check = modulo11CheckDigit(nine, RUC_WEIGHTS.private);
    return check === null ? null : nine + String(check) + e;
  })
  .filter((r): r is string => r !== null);

export const validPublicRuc = fc
  .tuple(provinceCode, digits(5), establishment(4))
  .map(([p, rest, e]) => {
    const eight = `${p}6${rest}`;
    const check = modulo11CheckDigit(eight, RUC_WEIGHTS.public);
    return check === null ? null : eight + String(check) + e;
  })
  .filter((r): r is string => r !== null);

/** Replace the digit at `index` by a different digit chosen by `shift` (1-9). */
export function substitute(value: string, index: number, shift: number): string {
  const original = Number(value[index]);
  const replaced = (original + shift) % 10;
  return value.slice(0, index) + String(replaced) + value.slice(index + 1);
}
