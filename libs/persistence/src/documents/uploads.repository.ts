import { SqlRepository } from '../sql/sql-repository';

/** One uploaded file of a case (table documents); the bytes are in the blob store under sha256. */
export interface UploadRow {
  id: string;
  caseId: string;
  sha256: string;
  size: number;
  /** The kind the content was sniffed as (pdf, jpeg, ...). */
  detectedType: string;
  originalName: string;
  uploadedBy: string;
  role: string;
  uploadedAt: string;
  /** What the upload is for: 'poder_deed' for the deed's scan captured at the window (001); null for the applicant's uploads. */
  purpose: UploadPurpose | null;
}

export type UploadPurpose = 'poder_deed';

interface Row {
  id: string;
  case_id: string;
  sha256: string;
  size: number | string;
  detected_type: string;
  original_name: string;
  uploaded_by: string;
  role: string;
  uploaded_at: Date;
  purpose: UploadPurpose | null;
}

const COLUMNS = 'id, case_id, sha256, size, detected_type, original_name, uploaded_by, role, uploaded_at, purpose';
const toUpload = (r: Row): UploadRow => ({
  id: r.id,
  caseId: r.case_id,
  sha256: r.sha256.trim(),
  size: Number(r.size),
  detectedType: r.detected_type,
  originalName: r.original_name,
  uploadedBy: r.uploaded_by,
  role: r.role,
  uploadedAt: new Date(r.uploaded_at).toISOString(),
  purpose: r.purpose,
});

/** The files uploaded to cases (table documents): written by the API only (uploads); the worker reads them (inspectUploads). */
export class UploadsRepository extends SqlRepository {
  /** Records the upload once per case and content; `created` false when the case already had these bytes (the earlier record). */
  async insert(u: Omit<UploadRow, 'uploadedAt' | 'purpose'> & { purpose?: UploadPurpose }): Promise<{ upload: UploadRow; created: boolean }> {
    const [inserted] = (await this.db.query(
      `INSERT INTO documents (id, case_id, sha256, size, detected_type, original_name, uploaded_by, role, purpose)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (case_id, sha256) DO NOTHING
       RETURNING ${COLUMNS}`,
      [u.id, u.caseId, u.sha256, u.size, u.detectedType, u.originalName, u.uploadedBy, u.role, u.purpose ?? null],
    )) as Row[];
    if (inserted) return { upload: toUpload(inserted), created: true };
    const [row] = (await this.db.query(`SELECT ${COLUMNS} FROM documents WHERE case_id = $1 AND sha256 = $2`, [u.caseId, u.sha256])) as Row[];
    if (!row) throw new Error(`document ${u.sha256} of case ${u.caseId} not found after insert`);
    // The same bytes uploaded before for no purpose (the applicant's) now serve this one too.
    if (u.purpose && !row.purpose) {
      await this.db.query(`UPDATE documents SET purpose = $3 WHERE case_id = $1 AND id = $2 AND purpose IS NULL`, [u.caseId, row.id, u.purpose]);
      return { upload: { ...toUpload(row), purpose: u.purpose }, created: false };
    }
    return { upload: toUpload(row), created: false };
  }

  /** The case's latest upload for `purpose` (the deed's scan of the window), or undefined. */
  async latestFor(caseId: string, purpose: UploadPurpose): Promise<UploadRow | undefined> {
    const [row] = (await this.db.query(`SELECT ${COLUMNS} FROM documents WHERE case_id = $1 AND purpose = $2 ORDER BY uploaded_at DESC, id DESC LIMIT 1`, [
      caseId,
      purpose,
    ])) as Row[];
    return row && toUpload(row);
  }

  async ofCase(caseId: string): Promise<UploadRow[]> {
    const rows = (await this.db.query(`SELECT ${COLUMNS} FROM documents WHERE case_id = $1 ORDER BY uploaded_at, id`, [caseId])) as Row[];
    return rows.map(toUpload);
  }

  /** The upload, when it belongs to the case. */
  async find(caseId: string, documentId: string): Promise<UploadRow | undefined> {
    const [row] = (await this.db.query(`SELECT ${COLUMNS} FROM documents WHERE id = $1 AND case_id = $2`, [documentId, caseId])) as Row[];
    return row && toUpload(row);
  }
}
