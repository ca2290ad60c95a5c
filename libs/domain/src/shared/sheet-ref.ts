/**
 * A pointer to the procedure sheet a rule comes from. The sheets (000 to 004) are the
 * source of truth; each procedure in libs/domain/src/procedures quotes the one it encodes.
 */
export type SheetId = '000' | '001' | '002' | '003' | '004';

export interface SheetRef {
  readonly sheet: SheetId;
  /** Section heading as printed on the sheet, e.g. "Requisitos Generales, 2. Pasaporte". */
  readonly section: string;
}

export function sheetRef(sheet: SheetId, section: string): SheetRef {
  return { sheet, section };
}
