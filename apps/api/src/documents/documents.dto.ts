import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class UploadSignatureDto {
  @ApiProperty({ enum: ['valid'] }) status!: 'valid';
  @ApiProperty({ example: 'Ana Lucía Torres Vega' }) signer!: string;
  @ApiProperty({ example: 'CN=Autoridad de Certificación, O=Entidad, C=EC' }) issuer!: string;
  @ApiPropertyOptional({ example: '2026-11-23T15:04:05.000Z' }) signingTime?: string;
}

export class StoredUploadDto {
  @ApiProperty({ example: '0b7f3a52-61b1-4f43-9d0a-7b5f0a8e1c11' }) documentId!: string;
  @ApiProperty({ example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' }) sha256!: string;
  @ApiProperty({ example: 48213, description: 'Bytes' }) size!: number;
  @ApiProperty({ enum: ['pdf', 'jpeg'], example: 'pdf', description: 'Tipo reconocido por el contenido' }) type!: string;
  @ApiProperty({ example: 'application/pdf' }) mimeType!: string;
  @ApiProperty({ example: 'cédula.pdf' }) originalName!: string;
  @ApiProperty({ example: '2026-11-23T15:04:05.000Z' }) uploadedAt!: string;
  @ApiProperty({ example: true, description: 'false si el trámite ya tenía este mismo archivo' }) created!: boolean;
  @ApiPropertyOptional({ type: UploadSignatureDto, description: '004: la firma electrónica verificada del documento que la necesita (campo kind)' })
  signature?: UploadSignatureDto;
}

export class UploadListItemDto {
  @ApiProperty({ example: '0b7f3a52-61b1-4f43-9d0a-7b5f0a8e1c11' }) documentId!: string;
  @ApiProperty({ example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' }) sha256!: string;
  @ApiProperty({ example: 48213 }) size!: number;
  @ApiProperty({ enum: ['pdf', 'jpeg'] }) type!: string;
  @ApiProperty({ example: 'application/pdf' }) mimeType!: string;
  @ApiProperty({ example: 'cédula.pdf' }) originalName!: string;
  @ApiProperty({ example: 'P1234567' }) uploadedBy!: string;
  @ApiProperty({ example: 'applicant' }) role!: string;
  @ApiProperty({ example: '2026-11-23T15:04:05.000Z' }) uploadedAt!: string;
}

export class UploadListDto {
  @ApiProperty({ type: [UploadListItemDto] }) items!: UploadListItemDto[];
}
