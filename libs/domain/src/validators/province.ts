import { foldText } from '../shared/text';
import { fail, names, ok } from './validation-result';
import type { FieldOptions, ValidationResult } from './validation-result';

export interface Province {
  /** Two-digit code used as the first two digits of cédulas and RUCs. */
  readonly code: string;
  readonly name: string;
}

/** The 24 provinces of Ecuador with their registry codes. */
export const ECUADOR_PROVINCES: readonly Province[] = [
  { code: '01', name: 'Azuay' },
  { code: '02', name: 'Bolívar' },
  { code: '03', name: 'Cañar' },
  { code: '04', name: 'Carchi' },
  { code: '05', name: 'Cotopaxi' },
  { code: '06', name: 'Chimborazo' },
  { code: '07', name: 'El Oro' },
  { code: '08', name: 'Esmeraldas' },
  { code: '09', name: 'Guayas' },
  { code: '10', name: 'Imbabura' },
  { code: '11', name: 'Loja' },
  { code: '12', name: 'Los Ríos' },
  { code: '13', name: 'Manabí' },
  { code: '14', name: 'Morona Santiago' },
  { code: '15', name: 'Napo' },
  { code: '16', name: 'Pastaza' },
  { code: '17', name: 'Pichincha' },
  { code: '18', name: 'Tungurahua' },
  { code: '19', name: 'Zamora Chinchipe' },
  { code: '20', name: 'Galápagos' },
  { code: '21', name: 'Sucumbíos' },
  { code: '22', name: 'Orellana' },
  { code: '23', name: 'Santo Domingo de los Tsáchilas' },
  { code: '24', name: 'Santa Elena' },
];

/** Code used in cédulas issued to Ecuadorians registered abroad. */
export const ABROAD_REGISTRY_CODE = '30';

/** True for 01-24 and 30, the first two digits a cédula may start with. */
export function isIdentityProvinceCode(code: string): boolean {
  return code === ABROAD_REGISTRY_CODE || ECUADOR_PROVINCES.some((p) => p.code === code);
}

/** Accepts a province code ("17") or name ("pichincha", "Los Rios"); returns the code. */
export function validateProvince(input: string, opts?: FieldOptions): ValidationResult<Province> {
  const { field, label } = names(opts, 'province', 'Provincia');
  const value = input.trim();
  if (value === '') return fail(field, label, 'VALIDATION.REQUIRED');
  const folded = foldText(value);
  const found = ECUADOR_PROVINCES.find((p) => p.code === value.padStart(2, '0') || foldText(p.name) === folded);
  return found ? ok(field, found.code, found) : fail(field, label, 'VALIDATION.PROVINCE');
}
