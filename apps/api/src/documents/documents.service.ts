import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { FINAL_STATUSES, closedCaseMessage, type CaseStatus } from '@tramites/contracts';
import { UPLOAD_MIME_TYPES, sniffUpload, type AllowedUploadKind, type DocumentKind } from '@tramites/domain';
import { CaseReadModelRepository, IssuedDocumentsRepository, UploadsRepository, type UploadPurpose, type UploadRow } from '@tramites/persistence';
import { CaseAccessService } from '../access/case-access.service';
import type { Principal } from '../auth/principal';
import { ApiConfig } from '../config/api.config';
import { ApiError } from '../errors/api-error';
import { API_BLOB_STORE, type ApiBlobStore } from './blob-store';
import { judgeSignedUpload, type UploadSignature } from './signed-upload';

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
  /** 004: the verified electronic signature of a document that needs one (signed-upload.ts). */
  signature?: UploadSignature;
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

const toItem = (r: UploadRow): UploadListItem => ({
  documentId: r.id,
  sha256: r.sha256,
  size: r.size,
  type: r.detectedType as AllowedUploadKind,
  mimeType: UPLOAD_MIME_TYPES[r.detectedType as AllowedUploadKind],
  originalName: r.originalName,
  uploadedBy: r.uploadedBy,
  role: r.role,
  uploadedAt: r.uploadedAt,
});

@Injectable()
export class DocumentsService {
  constructor(
    private readonly uploads: UploadsRepository,
    private readonly issued: IssuedDocumentsRepository,
    private readonly cases: CaseReadModelRepository,
    private readonly access: CaseAccessService,
    private readonly config: ApiConfig,
    @Inject(API_BLOB_STORE) private readonly blobs: ApiBlobStore,
  ) {}

  /**
   * Stores the file of the case; `purpose` says what it is for ('poder_deed': the deed's scan captured at the window, ADR 0028);
   * `kind`, the document it is meant as (004: a document that must be signed electronically is judged so now).
   */
  async upload(
    principal: Principal,
    caseId: string,
    file: { originalname: string; buffer: Buffer } | undefined,
    purpose?: UploadPurpose,
    kind?: DocumentKind,
  ): Promise<StoredUpload> {
    const scope = await this.access.scopeOf(caseId);
    this.access.assertMayAccess(principal, scope);
    await this.access.assertHoldsClaim(principal, caseId);
    if (!file) {
      throw new ApiError(
        'UPLOAD.FILE_REQUIRED',
        'Adjunte el archivo en el campo «file» (multipart/form-data).',
        { fields: [{ field: 'file', message: 'file es obligatorio' }] },
        400,
      );
    }
    const status = (await this.cases.status(caseId)) as CaseStatus | undefined;
    if (status && FINAL_STATUSES.includes(status)) {
      throw new ApiError('CASE.CLOSED', `${closedCaseMessage(status)} Ya no recibe documentos.`);
    }
    const originalName = cleanFileName(file.originalname);
    const bytes = new Uint8Array(file.buffer.buffer, file.buffer.byteOffset, file.buffer.byteLength);
    // 004, Trámite virtual: "formato JPG o PDF (peso máximo 1MB)", judged by content, never by name.
    const verdict = sniffUpload(bytes, originalName);
    if (!verdict.ok) {
      throw new ApiError(verdict.code, verdict.message, { file: originalName, detected: verdict.detected, sizeBytes: verdict.sizeBytes }, 422);
    }
    const signature = await judgeSignedUpload(kind, bytes, originalName, this.config.trustAnchors, new Date());
    const { sha256, size } = await this.blobs.put(bytes);
    const { upload: row, created } = await this.uploads.insert({
      id: randomUUID(),
      caseId,
      sha256,
      size,
      detectedType: verdict.kind,
      originalName,
      uploadedBy: principal.sub,
      role: principal.role,
      ...(purpose ? { purpose } : {}),
    });
    await this.access.log(principal, caseId, `${purpose === 'poder_deed' ? 'upload_poder_deed' : 'upload_document'}:${row.id}`);
    const item = toItem(row);
    return {
      documentId: item.documentId,
      sha256: item.sha256,
      size: item.size,
      type: item.type,
      mimeType: item.mimeType,
      originalName: item.originalName,
      uploadedAt: item.uploadedAt,
      created,
      ...(signature ? { signature } : {}),
    };
  }

  async list(principal: Principal, caseId: string): Promise<UploadListItem[]> {
    await this.access.authorize(principal, caseId, 'list_uploads');
    return (await this.uploads.ofCase(caseId)).map(toItem);
  }

  async download(principal: Principal, caseId: string, documentId: string): Promise<DownloadableFile> {
    const scope = await this.access.scopeOf(caseId);
    this.access.assertMayAccess(principal, scope);
    const row = UUID.test(documentId) ? await this.uploads.find(caseId, documentId) : undefined;
    if (!row) throw new ApiError('DOCUMENT.NOT_FOUND', 'Ese trámite no tiene un documento cargado con ese identificador.');
    const bytes = await this.blobs.get(row.sha256);
    // Staff reads of a case are logged (CaseAccessService.log ignores applicants).
    await this.access.log(principal, caseId, `download_upload:${row.id}`);
    return { bytes, mimeType: UPLOAD_MIME_TYPES[row.detectedType as AllowedUploadKind], fileName: row.originalName };
  }

  async issuedDocument(principal: Principal, caseId: string): Promise<DownloadableFile & { verificationNumber: string }> {
    const scope = await this.access.scopeOf(caseId);
    this.access.assertMayAccess(principal, scope);
    const row = await this.issued.firstOfCase(caseId);
    if (!row) throw new ApiError('DOCUMENT.NOT_FOUND', 'Este trámite todavía no tiene un documento emitido.');
    const bytes = await this.blobs.get(row.sha256);
    await this.access.log(principal, caseId, `download_issued_document:${row.verificationNumber}`);
    const prefix = row.kind === 'FOREIGNER_CODE' ? 'codigo-extranjero' : 'certificado-no-afiliacion';
    return { bytes, mimeType: 'application/pdf', fileName: `${prefix}-${row.verificationNumber}.pdf`, verificationNumber: row.verificationNumber };
  }
}
