/**
 * A pointer to the procedure sheet a rule comes from. Sheets are the
 * source of truth (`/work/shared/seeds/<id>_*.txt`); the id is the file
 * name without its hash suffix.
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
