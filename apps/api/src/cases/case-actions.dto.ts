import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsObject,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { DOCUMENT_KIND_LABELS } from '@tramites/domain';
import { IsContractEnd, IsPersonName, IsTextRecord, Optional, OptionalNested } from '../http/dto-rules';

const DOCUMENT_KINDS = Object.keys(DOCUMENT_KIND_LABELS);
const OWNERS = ['holder', 'employer', 'attorney', 'third_party', 'legal_representative'];

export class VerifyCodeDto {
  @ApiProperty({ example: '482913', description: 'El código de 6 dígitos enviado por correo' })
  @Matches(/^\d{6}$/, { message: 'code debe tener exactamente 6 dígitos' })
  code!: string;
}

export class SlotDto {
  @ApiProperty({ example: '6f1c1c2e-8a4b-4c55-9b1e-2a9a6c1f0d3e' })
  @IsUUID('all', { message: 'slotId debe ser el identificador (UUID) de un horario disponible' })
  slotId!: string;
}

export class CancelDto {
  @ApiProperty({ example: 'No puedo asistir en esa fecha' })
  @IsString()
  @MinLength(3, { message: 'reason debe explicar el motivo (3 caracteres o más)' })
  @MaxLength(500)
  reason!: string;
}

export class PresentedDocumentDto {
  @ApiProperty({ enum: DOCUMENT_KINDS, example: 'passport' })
  @IsIn(DOCUMENT_KINDS, { message: `kind debe ser uno de: ${DOCUMENT_KINDS.join(', ')}` })
  kind!: string;

  @ApiPropertyOptional({ enum: OWNERS })
  @Optional()
  @IsIn(OWNERS, { message: `belongsTo debe ser uno de: ${OWNERS.join(', ')}` })
  belongsTo?: string;

  @ApiProperty()
  @IsBoolean({ message: 'original debe ser verdadero o falso' })
  original!: boolean;

  @ApiProperty()
  @IsBoolean({ message: 'copy debe ser verdadero o falso' })
  copy!: boolean;

  @ApiPropertyOptional({ enum: ['handwritten', 'electronic', 'none'] })
  @Optional()
  @IsIn(['handwritten', 'electronic', 'none'], { message: 'signature debe ser handwritten, electronic o none' })
  signature?: string;

  @ApiPropertyOptional({ enum: OWNERS })
  @Optional()
  @IsIn(OWNERS, { message: `signedBy debe ser uno de: ${OWNERS.join(', ')}` })
  signedBy?: string;

  @ApiProperty({ example: { fullName: 'Carlos Eduardo Rivas Pérez', documentNumber: 'AB1234567' }, description: 'Datos leídos del documento' })
  @IsObject({ message: 'fields debe ser un objeto de textos' })
  @IsTextRecord('fields')
  fields!: Record<string, string>;
}

/** The SUT employment contract record (sheet 001, requirement 5), as read at the window. */
export class SutRecordDto {
  @ApiPropertyOptional({ example: 'SUT-2026-0001234', pattern: '^[A-Za-z0-9][A-Za-z0-9 ./-]{2,39}$' })
  @Optional()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9 ./-]{2,39}$/, {
    message: 'sutRecord.registrationNumber debe tener de 3 a 40 letras, dígitos, espacios, puntos, barras o guiones',
  })
  registrationNumber?: string;

  @ApiPropertyOptional({ example: 'Carlos Eduardo Rivas Pérez', minLength: 1, maxLength: 120 })
  @Optional()
  @IsPersonName('sutRecord.foreignerFullName')
  foreignerFullName?: string;

  @ApiPropertyOptional({ example: 'AB1234567', pattern: '^[A-Za-z0-9 -]{5,20}$' })
  @Optional()
  @Matches(/^[A-Za-z0-9 -]{5,20}$/, { message: 'sutRecord.foreignerDocumentNumber debe tener de 5 a 20 letras o dígitos' })
  foreignerDocumentNumber?: string;

  @ApiPropertyOptional({ enum: ['passport', 'visa', 'home_country_id'] })
  @Optional()
  @IsIn(['passport', 'visa', 'home_country_id'], { message: 'sutRecord.foreignerDocumentKind debe ser passport, visa o home_country_id' })
  foreignerDocumentKind?: 'passport' | 'visa' | 'home_country_id';

  @ApiPropertyOptional({ example: '2027-12-31', format: 'date', description: 'Fin del contrato: fecha AAAA-MM-DD, a lo sumo 10 años desde hoy' })
  @Optional()
  @IsContractEnd('sutRecord.contractEnd')
  contractEnd?: string;
}

/** What the case manager recorded at the window. */
export class RecordDocumentsDto {
  @ApiProperty({ type: [PresentedDocumentDto] })
  @IsArray({ message: 'documents debe ser una lista' })
  @ArrayMinSize(1, { message: 'documents debe tener al menos un documento' })
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => PresentedDocumentDto)
  documents!: PresentedDocumentDto[];

  @ApiPropertyOptional({ type: SutRecordDto })
  @OptionalNested(() => SutRecordDto, 'sutRecord')
  sutRecord?: SutRecordDto;

  @ApiPropertyOptional() @Optional() @IsBoolean() holderHasCedula?: boolean;
  @ApiPropertyOptional() @Optional() @IsBoolean() holderHasForeignerCode?: boolean;
  @ApiPropertyOptional() @Optional() @IsBoolean() isForeignWorkerHimself?: boolean;
}
