import { sheetRef } from '../shared/sheet-ref';
import type { SheetId } from '../shared/sheet-ref';
import type { Condition, FieldRequirement, FieldSpec, Requirement } from './types';

export const THIRD_PARTY: Condition = { roles: ['authorised_third_party'] };
export const ATTORNEY: Condition = { roles: ['attorney'] };
export const IN_PERSON: Condition = { channel: 'in_person' };
export const VIRTUAL: Condition = { channel: 'virtual' };

export const OFFICE_HOURS_TEXT = 'Centros de Atención a nivel nacional, de lunes a viernes de 08:00 a 17:00 horas.';

export function filerRequirement(sheet: SheetId, label: string, section: string): Requirement {
  return { id: `${sheet}.filer`, check: 'filer', label, source: sheetRef(sheet, section) };
}

export function channelRequirement(sheet: SheetId, label: string): Requirement {
  return { id: `${sheet}.channel`, check: 'channel', label, source: sheetRef(sheet, 'Canales de atención') };
}

export const text = (key: string, label: string): FieldSpec => ({ key, label, validator: 'text' });

/**
 * 000 and 002, Requisito adicional 1: the fields of the simple authorisation
 * a third party brings (identical list on both sheets).
 */
export const HOLDER_THIRD_PARTY_AUTHORISATION_FIELDS: readonly FieldRequirement[] = [
  text('holderFullName', 'Nombres y apellidos completos del titular'),
  { key: 'holderPassportNumber', label: 'Número del pasaporte del titular', validator: 'passport' },
  text('thirdPartyFullName', 'Nombres y apellidos completos del tercero'),
  { key: 'thirdPartyIdentityNumber', label: 'Número de identidad del tercero', validator: 'identity_number' },
  text('narrative', 'Narración de autorización'),
];
