import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { DOCUMENT_KIND_LABELS, type DocumentKind } from '@tramites/domain';
import type { Response } from 'express';
import { CurrentPrincipal, Roles } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { ApiError } from '../errors/api-error';
import { StoredUploadDto, UploadListDto } from './documents.dto';
import { DocumentsService, type DownloadableFile, type StoredUpload, type UploadListItem } from './documents.service';
import { UPLOAD_FIELD, UploadInterceptor, type UploadedFileBytes } from './upload.interceptor';

/** The documents a file may be uploaded as (the field «kind»). */
const DOCUMENT_KINDS = Object.keys(DOCUMENT_KIND_LABELS) as DocumentKind[];

const uuidPipe = (field: string): ParseUUIDPipe =>
  new ParseUUIDPipe({
    exceptionFactory: () => new ApiError('VALIDATION.FAILED', `${field} debe ser un UUID`, { fields: [{ field, message: `${field} debe ser un UUID` }] }, 400),
  });

/**
 * `attachment` with an ASCII fallback name and the exact UTF-8 name (RFC 6266 / RFC 8187),
 * so "cédula.pdf" arrives as such and no header carries a non-ASCII byte.
 */
export function contentDisposition(fileName: string): string {
  const fallback = fileName
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]|["\\]/g, '_');
  const exact = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${exact}`;
}

function sendFile(res: Response, file: DownloadableFile): void {
  res
    .status(200)
    .set('Content-Disposition', contentDisposition(file.fileName))
    .type(file.mimeType)
    .set({ 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'private, no-store', 'Content-Security-Policy': "default-src 'none'; sandbox" })
    .send(file.bytes);
}

/**
 * Files of a case: what the applicant or the officer uploads (JPG or PDF of
 * at most 1 MB, judged by content) and the issued PDF. Bytes live in the
 * content-addressed store shared with the worker; the `documents` table holds
 * who uploaded what. Officers' and auditors' reads are logged.
 */
@ApiTags('documents')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'AUTH.TOKEN_REQUIRED, AUTH.TOKEN_INVALID' })
@ApiResponse({ status: 403, description: 'AUTH.ROLE_NOT_ALLOWED, AUTH.NOT_YOUR_CASE, AUTH.OUT_OF_SCOPE' })
@ApiResponse({ status: 404, description: 'CASE.NOT_FOUND, DOCUMENT.NOT_FOUND' })
@Controller('cases')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Post(':caseId/uploads')
  @Roles('applicant', 'case_manager')
  @UseInterceptors(UploadInterceptor)
  @ApiOperation({
    summary: 'Carga un documento del trámite (JPG o PDF de hasta 1 MB, reconocido por su contenido)',
    description:
      'Campo multipart «file». El mismo archivo cargado dos veces en el trámite es el mismo documento (200). Un ejecutable con nombre .pdf se rechaza. Más de 1 MB + 1 byte se corta al recibirlo: 413 con el mismo código UPLOAD.TOO_LARGE. ' +
      'Campo opcional «kind»: el documento que el archivo es (004); la solicitud de entrega de clave y el acuerdo de responsabilidad deben ser un PDF con firma electrónica válida de una entidad reconocida, y se rechazan al cargarlos (UPLOAD.TYPE_NOT_ALLOWED si no es PDF, DOC.SIGNATURE_*).',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: [UPLOAD_FIELD],
      properties: {
        [UPLOAD_FIELD]: { type: 'string', format: 'binary' },
        kind: { type: 'string', enum: [...DOCUMENT_KINDS], example: 'key_delivery_request' },
      },
    },
  })
  @ApiResponse({ status: 201, type: StoredUploadDto, description: 'Documento guardado' })
  @ApiResponse({ status: 200, type: StoredUploadDto, description: 'El trámite ya tenía este mismo archivo (created false)' })
  @ApiResponse({ status: 400, description: 'Falta el archivo o la carga no es multipart (UPLOAD.FILE_REQUIRED, UPLOAD.INVALID_MULTIPART, VALIDATION.FAILED)' })
  @ApiResponse({ status: 413, description: 'El archivo supera 1 MB + 1 byte y no se recibió completo (UPLOAD.TOO_LARGE)' })
  @ApiResponse({
    status: 422,
    description:
      'Rechazado por su contenido: UPLOAD.TOO_LARGE, UPLOAD.TYPE_NOT_ALLOWED, UPLOAD.EMPTY, UPLOAD.CORRUPT; por su firma (kind firmado): UPLOAD.TYPE_NOT_ALLOWED (no es PDF), DOC.SIGNATURE_ELECTRONIC_REQUIRED, DOC.SIGNATURE_INVALID, DOC.SIGNATURE_TAMPERED, DOC.SIGNATURE_UNTRUSTED',
  })
  async upload(
    @CurrentPrincipal() principal: Principal,
    @Param('caseId', uuidPipe('caseId')) caseId: string,
    @UploadedFile() file: UploadedFileBytes | undefined,
    @Body('kind') kind: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StoredUpload> {
    if (kind !== undefined && !(DOCUMENT_KINDS as readonly unknown[]).includes(kind)) {
      throw new ApiError(
        'VALIDATION.FAILED',
        'kind no es un tipo de documento conocido',
        { fields: [{ field: 'kind', message: 'kind no es un tipo de documento conocido' }] },
        400,
      );
    }
    const stored = await this.documents.upload(principal, caseId, file, undefined, kind as DocumentKind | undefined);
    res.status(stored.created ? 201 : 200);
    return stored;
  }

  @Post(':caseId/deed-scan')
  @Roles('case_manager')
  @UseInterceptors(UploadInterceptor)
  @ApiOperation({
    summary: 'Guarda el escaneo de la escritura del poder (001), capturado en ventanilla, para que la unidad jurídica lo vea al decidir',
    description: 'Campo multipart «file», JPG o PDF de hasta 1 MB, reconocido por su contenido. El mismo archivo dos veces es el mismo documento (200).',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: [UPLOAD_FIELD], properties: { [UPLOAD_FIELD]: { type: 'string', format: 'binary' } } } })
  @ApiResponse({ status: 201, type: StoredUploadDto, description: 'Escaneo guardado' })
  @ApiResponse({ status: 200, type: StoredUploadDto, description: 'El trámite ya tenía este mismo archivo (created false)' })
  @ApiResponse({ status: 422, description: 'UPLOAD.TOO_LARGE, UPLOAD.TYPE_NOT_ALLOWED, UPLOAD.EMPTY, UPLOAD.CORRUPT' })
  async deedScan(
    @CurrentPrincipal() principal: Principal,
    @Param('caseId', uuidPipe('caseId')) caseId: string,
    @UploadedFile() file: UploadedFileBytes | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StoredUpload> {
    const stored = await this.documents.upload(principal, caseId, file, 'poder_deed');
    res.status(stored.created ? 201 : 200);
    return stored;
  }

  @Get(':caseId/uploads')
  @Roles('applicant', 'case_manager', 'auditor')
  @ApiOperation({ summary: 'Lista los documentos cargados en el trámite' })
  @ApiResponse({ status: 200, type: UploadListDto })
  async list(@CurrentPrincipal() principal: Principal, @Param('caseId', uuidPipe('caseId')) caseId: string): Promise<{ items: UploadListItem[] }> {
    return { items: await this.documents.list(principal, caseId) };
  }

  @Get(':caseId/uploads/:documentId')
  @Roles('applicant', 'case_manager', 'auditor')
  @ApiOperation({ summary: 'Descarga un documento cargado (los mismos bytes; tipo según su contenido)' })
  @ApiParam({ name: 'documentId', example: '0b7f3a52-61b1-4f43-9d0a-7b5f0a8e1c11' })
  @ApiProduces('application/pdf', 'image/jpeg')
  @ApiResponse({ status: 200, description: 'El archivo, como adjunto' })
  @ApiResponse({ status: 500, description: 'El contenido guardado falta o está dañado (DOCUMENT.CONTENT_UNAVAILABLE)' })
  async download(
    @CurrentPrincipal() principal: Principal,
    @Param('caseId', uuidPipe('caseId')) caseId: string,
    @Param('documentId', uuidPipe('documentId')) documentId: string,
    @Res() res: Response,
  ): Promise<void> {
    sendFile(res, await this.documents.download(principal, caseId, documentId));
  }

  @Get(':caseId/issued-document')
  @Roles('applicant', 'case_manager', 'auditor')
  @ApiOperation({ summary: 'Descarga el PDF emitido (código de identificación o certificado de no afiliación)' })
  @ApiProduces('application/pdf')
  @ApiResponse({ status: 200, description: 'El PDF firmado, con su número de verificación en el encabezado X-Verification-Number' })
  @ApiResponse({ status: 500, description: 'El PDF guardado falta o está dañado (DOCUMENT.CONTENT_UNAVAILABLE)' })
  async issued(@CurrentPrincipal() principal: Principal, @Param('caseId', uuidPipe('caseId')) caseId: string, @Res() res: Response): Promise<void> {
    const file = await this.documents.issuedDocument(principal, caseId);
    res.set('X-Verification-Number', file.verificationNumber);
    sendFile(res, file);
  }
}
