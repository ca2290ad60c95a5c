import { conditionHolds } from '../checklist/evaluate-checklist';
import type { ChecklistInput, FilerProfile } from '../checklist/types';
import { EMPLOYER_PORTAL_PASSWORD_PROCEDURE } from '../procedures/sheets/employer-portal-password.004';
import type { DocumentKind, Requirement } from '../procedures/types';

/**
 * One file field of the 004 Ventanilla Virtual: the documents that may fill it (several for the
 * sheet's alternatives: any one of them), and whether it must carry an electronic signature.
 */
export interface VirtualUploadSlot {
  /** The requirement's id (`004.virtual.ruc`) or, for alternatives, the group's (`foreign_employer_identity`). */
  readonly id: string;
  readonly kinds: readonly DocumentKind[];
  readonly electronicSignature: boolean;
  /**
   * Data of the document the filer types beside the file: the RUC's number when the registry knows the
   * employer by another document (a foreign employer by passport, visa or foreigner code), so that the
   * checklist's "Número de RUC" has a value to check.
   */
  readonly typedFields?: readonly string[];
}

type DocumentRequirement = Extract<Requirement, { check: 'document' }>;

/**
 * The files a 004 filer uploads, by the same requirements and conditions as the window's checklist
 * (libs/domain/src/procedures/sheets/employer-portal-password.004.ts, channel `virtual`): the RUC, the
 * request and the agreement (signed electronically), the cédula, or for a foreigner without cédula one
 * of the foreigner code, the passport or the visa (Requisitos alternativos), and for a qualified
 * artisan the Calificación Artesanal (Requisito adicional).
 */
export function virtualUploadSlots(filer: FilerProfile): VirtualUploadSlot[] {
  const input: ChecklistInput = { procedure: 'EMPLOYER_PORTAL_PASSWORD', channel: 'virtual', filer, documents: [] };
  const slots: Array<{ id: string; kinds: DocumentKind[]; electronicSignature: boolean; typedFields?: string[] }> = [];
  for (const r of EMPLOYER_PORTAL_PASSWORD_PROCEDURE.requirements) {
    if (r.check !== 'document' || (r.appliesWhen && !conditionHolds(r.appliesWhen, input))) continue;
    const doc = (r as DocumentRequirement).document;
    const id = r.alternative?.group ?? r.id;
    const same = slots.find((s) => s.id === id);
    if (same) same.kinds.push(...doc.kinds);
    else {
      const typedFields = filer.isForeignEmployer ? (doc.fields ?? []).flatMap((f) => ('key' in f && !f.optional ? [f.key] : [])) : [];
      slots.push({ id, kinds: [...doc.kinds], electronicSignature: doc.signature?.required === 'electronic', ...(typedFields.length ? { typedFields } : {}) });
    }
  }
  return slots;
}

/** 004, Trámite por Ventanilla Virtual: the kinds whose file must be a PDF signed electronically ("la suscripción ... electrónica es imprescindible"). */
export const ELECTRONICALLY_SIGNED_UPLOADS: readonly DocumentKind[] = virtualUploadSlots({ role: 'employer' })
  .filter((s) => s.electronicSignature)
  .flatMap((s) => s.kinds);

/** Every document a 004 filer may upload, whoever files (the fields of the Ventanilla Virtual form). */
export const VIRTUAL_UPLOAD_KINDS: readonly DocumentKind[] = [
  ...new Set(
    [virtualUploadSlots({ role: 'employer', hasCedula: true, isArtisan: true }), virtualUploadSlots({ role: 'employer', isForeignEmployer: true })].flatMap(
      (slots) => slots.flatMap((s) => s.kinds),
    ),
  ),
];
