import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { FINAL_STATUSES, type CaseStatus } from '@tramites/contracts';
import { UPLOAD_MIME_TYPES, sniffUpload, type AllowedUploadKind } from '@tramites/domain';
import { DataSource } from 'typeorm';
import { CaseAccessService } from '../access/case-access.service';
import type { Principal } from '../auth/principal';
import { ApiError } from '../errors/api-error';
import { API_BLOB_STORE, type ApiBlobStore } from './blob-store';

export interface StoredUpload {
  documentId: string;
  sha256: string;
  size: number;
  type: AllowedUploadKind;
  mimeType: string;
  originalName: string;
  uploadedAt: string;
  /** False when the case already had these exact bytes (the earlier record is returned). */
  created: boolean;
}

export interface UploadListItem {
  documentId: string;
  sha256: string;
  size: number;
  type: AllowedUploadKind;
  mimeType: string;
  originalName: string;
  uploadedBy: string;
  role: string;
  uploadedAt: string;
}

export interface DownloadableFile {
  bytes: Buffer;
  mimeType: string;
  fileName: string;
}

interface DocumentRow {
  id: string;
  sha256: string;
  size: number;
  detected_type: AllowedUploadKind;
  original_name: string;
  uploaded_by: string;
  role: string;
  uploaded_at: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The name as declared by the client, only for display and for the download's
 * file name: no folders, no control characters, at most 200 characters.
 */
export function cleanFileName(name: string | undefined): string {
  const base = (name ?? '').normalize('NFC').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const printable = base.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim();
  return Array.from(printable).slice(0, 200).join('') || 'documento';
}

const toItem = (r: DocumentRow): UploadListItem => ({
  documentId: r.id,
  sha256: r.sha256.trim(),
  size: Number(r.size),
  type: r.detected_type,
  mimeType: UPLOAD_MIME_TYPES[r.detected_type],
  originalName: r.original_name,
  uploadedBy: r.uploaded_by,
  role: r.role,
  uploadedAt: new Date(r.uploaded_at).toISOString(),
});

@Injectable()
export class DocumentsService {
  constructor(
    private readonly db: DataSource,
    private readonly access: CaseAccessService,
    @Inject(API_BLOB_STORE) private readonly blobs: ApiBlobStore,
  ) {}

  async upload(principal: Principal, caseId: string, file: { originalname: string; buffer: Buffer } | undefined): Promise<StoredUpload> {
    const scope = await this.access.scopeOf(caseId);
    this.access.assertMayAccess(principal, scope);
    if (!file) {
      throw new ApiError('UPLOAD.FILE_REQUIRED', 'Adjunte el archivo en el campo «file» (multipart/form-data).', { fields: [{ field: 'file', message: 'file es obligatorio' }] }, 400);
    }
    const [state] = (await this.db.query('SELECT status FROM cases WHERE id = $1', [caseId])) as Array<{ status: CaseStatus }>;
    if (state && FINAL_STATUSES.includes(state.status)) {
      throw new ApiError('CASE.CLOSED', 'El trámite está cerrado y ya no recibe documentos.', undefined, 422);
    }
    const originalName = cleanFileName(file.originalname);
    const bytes = new Uint8Array(file.buffer.buffer, file.buffer.byteOffset, file.buffer.byteLength);
    // 004, Trámite virtual: "formato JPG o PDF (peso máximo 1MB)", judged by content, never by name.
    const verdict = sniffUpload(bytes, originalName);
    if (!verdict.ok) {
      throw new ApiError(verdict.code, verdict.message, { file: originalName, detected: verdict.detected, sizeBytes: verdict.sizeBytes }, 422);
    }
    const { sha256, size } = await this.blobs.put(bytes);
    const inserted: DocumentRow[] = await this.db.query(
      `INSERT INTO documents (id, case_id, sha256, size, detected_type, original_name, uploaded_by, role)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (case_id, sha256) DO NOTHING
       RETURNING id, sha256, size, detected_type, original_name, uploaded_by, role, uploaded_at`,
      [randomUUID(), caseId, sha256, size, verdict.kind, originalName, principal.sub, principal.role],
    );
    let row = inserted[0];
    const created = row !== undefined;
    if (!row) {
      [row] = (await this.db.query(
        'SELECT id, sha256, size, detected_type, original_name, uploaded_by, role, uploaded_at FROM documents WHERE case_id = $1 AND sha256 = $2',
        [caseId, sha256],
      )) as DocumentRow[];
    }
    if (!row) throw new Error(`document ${sha256} of case ${caseId} not found after insert`);
    await this.access.log(principal, caseId, `upload_document:${row.id}`);
    const item = toItem(row);
    return { documentId: item.documentId, sha256: item.sha256, size: item.size, type: item.type, mimeType: item.mimeType, originalName: item.originalName, uploadedAt: item.uploadedAt, created };
  }

  async list(principal: Principal, caseId: string): Promise<UploadListItem[]> {
    await this.access.authorize(principal, caseId, 'list_uploads');
    const rows: DocumentRow[] = await this.db.query(
      `SELECT id, sha256, size, detected_type, original_name, uploaded_by, role, uploaded_at
         FROM documents WHERE case_id = $1 ORDER BY uploaded_at, id`,
      [caseId],
    );
    return rows.map(toItem);
  }

  async download(principal: Principal, caseId: string, documentId: string): Promise<DownloadableFile> {
    const scope = await this.access.scopeOf(caseId);
    this.access.assertMayAccess(principal, scope);
    const rows: DocumentRow[] = UUID.test(documentId)
      ? await this.db.query(
          'SELECT id, sha256, size, detected_type, original_name, uploaded_by, role, uploaded_at FROM documents WHERE id = $1 AND case_id = $2',
          [documentId, caseId],
        )
      : [];
    const row = rows[0];
    if (!row) throw new ApiError('DOCUMENT.NOT_FOUND', 'Ese trámite no tiene un documento cargado con ese identificador.');
    const bytes = await this.blobs.get(row.sha256.trim());
    // Staff reads of a case are logged (CaseAccessService.log ignores applicants).
    await this.access.log(principal, caseId, `download_upload:${row.id}`);
    return { bytes, mimeType: UPLOAD_MIME_TYPES[row.detected_type], fileName: row.original_name };
  }

  async issuedDocument(principal: Principal, caseId: string): Promise<DownloadableFile & { verificationNumber: string }> {
    const scope = await this.access.scopeOf(caseId);
    this.access.assertMayAccess(principal, scope);
    const rows: Array<{ verification_number: string; kind: string; sha256: string }> = await this.db.query(
      'SELECT verification_number, kind, sha256 FROM issued_documents WHERE case_id = $1 ORDER BY issued_at LIMIT 1',
      [caseId],
    );
    const row = rows[0];
    if (!row) throw new ApiError('DOCUMENT.NOT_FOUND', 'Este trámite todavía no tiene un documento emitido.');
    const bytes = await this.blobs.get(row.sha256.trim());
    await this.access.log(principal, caseId, `download_issued_document:${row.verification_number}`);
    const prefix = row.kind === 'FOREIGNER_CODE' ? 'codigo-extranjero' : 'certificado-no-afiliacion';
    return { bytes, mimeType: 'application/pdf', fileName: `${prefix}-${row.verification_number}.pdf`, verificationNumber: row.verification_number };
  }
}
