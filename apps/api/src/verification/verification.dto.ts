import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** OpenAPI descriptions of the public verification answers (the service returns plain objects of these shapes). */

export class VerifiedDocumentDto {
  @ApiProperty({ enum: ['FOREIGNER_CODE', 'NON_AFFILIATION_CERTIFICATE'], example: 'FOREIGNER_CODE' })
  type!: string;
  @ApiProperty({ example: 'Código de identificación para extranjeros' })
  typeLabel!: string;
  @ApiProperty({ example: 'VN-2026-7K3M-Q9XD-2H' })
  verificationNumber!: string;
  @ApiProperty({ example: '6f1c1c2e-8a4b-4c55-9b1e-2a9a6c1f0d3e' })
  caseId!: string;
  @ApiProperty({ example: 'María José Pérez Gómez' })
  holderName!: string;
  @ApiProperty({ example: 'AB1234567', description: 'Número del documento de identidad, normalizado' })
  holderDocument!: string;
  @ApiPropertyOptional({ example: '100000000018', description: 'Solo en FOREIGNER_CODE' })
  code?: string;
  @ApiProperty({ example: '2026-11-23T15:04:05.000Z' })
  issuedAt!: string;
}

export class TokenVerificationDto {
  @ApiProperty({ example: true, description: 'La firma Ed25519 es válida con una clave publicada del IESS' })
  valid!: boolean;
  @ApiPropertyOptional({ enum: ['MALFORMED', 'UNKNOWN_KEY', 'BAD_SIGNATURE', 'WRONG_ALG'], example: 'BAD_SIGNATURE' })
  reason?: string;
  @ApiProperty({ example: 'Documento auténtico: la firma del IESS es válida y el documento consta en el registro de documentos emitidos.' })
  message!: string;
  @ApiProperty({ example: true, description: 'El registro de documentos emitidos tiene exactamente esta declaración firmada' })
  registered!: boolean;
  @ApiPropertyOptional({ example: 'iess-20261123-a1b2c3' })
  keyId?: string;
  @ApiPropertyOptional({ type: VerifiedDocumentDto })
  document?: VerifiedDocumentDto;
}

export class NumberLookupDocumentDto {
  @ApiProperty({ enum: ['FOREIGNER_CODE', 'NON_AFFILIATION_CERTIFICATE'] })
  type!: string;
  @ApiProperty({ example: 'Certificado de no afiliación al IESS' })
  typeLabel!: string;
  @ApiProperty({ example: '2026-11-23T15:04:05.000Z' })
  issuedAt!: string;
  @ApiProperty({ example: 'M. J. P. G.', nullable: true, type: String })
  holderInitials!: string | null;
}

export class NumberLookupDto {
  @ApiProperty({ example: 'VN-2026-7K3M-Q9XD-2H', description: 'El número en su forma impresa' })
  verificationNumber!: string;
  @ApiProperty({ example: true })
  exists!: boolean;
  @ApiProperty({ example: 'El IESS emitió un documento con este número: Certificado de no afiliación al IESS.' })
  message!: string;
  @ApiPropertyOptional({ type: NumberLookupDocumentDto })
  document?: NumberLookupDocumentDto;
}

export class OkpJwkDto {
  @ApiProperty({ example: 'OKP' }) kty!: string;
  @ApiProperty({ example: 'Ed25519' }) crv!: string;
  @ApiProperty({ example: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo', description: 'Clave pública de 32 bytes en base64url' }) x!: string;
  @ApiProperty({ example: 'iess-20261123-a1b2c3' }) kid!: string;
  @ApiProperty({ example: 'sig' }) use!: string;
  @ApiProperty({ example: 'EdDSA' }) alg!: string;
}

export class JwksDto {
  @ApiProperty({ type: [OkpJwkDto] })
  keys!: OkpJwkDto[];
}
