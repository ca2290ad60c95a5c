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
}

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
}

const COLUMNS = 'id, case_id, sha256, size, detected_type, original_name, uploaded_by, role, uploaded_at';
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
});

/** The files uploaded to cases (table documents): written by the API only (uploads); the worker reads them (inspectUploads). */
export class UploadsRepository extends SqlRepository {
  /** Records the upload once per case and content; `created` false when the case already had these bytes (the earlier record). */
  async insert(u: Omit<UploadRow, 'uploadedAt'>): Promise<{ upload: UploadRow; created: boolean }> {
    const [inserted] = (await this.db.query(
      `INSERT INTO documents (id, case_id, sha256, size, detected_type, original_name, uploaded_by, role)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (case_id, sha256) DO NOTHING
       RETURNING ${COLUMNS}`,
      [u.id, u.caseId, u.sha256, u.size, u.detectedType, u.originalName, u.uploadedBy, u.role],
    )) as Row[];
    if (inserted) return { upload: toUpload(inserted), created: true };
    const [row] = (await this.db.query(`SELECT ${COLUMNS} FROM documents WHERE case_id = $1 AND sha256 = $2`, [u.caseId, u.sha256])) as Row[];
    if (!row) throw new Error(`document ${u.sha256} of case ${u.caseId} not found after insert`);
    return { upload: toUpload(row), created: false };
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
