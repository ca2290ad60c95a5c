import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, Matches } from 'class-validator';
import { CASE_STATUSES, CREDENTIAL_STATUSES } from '@tramites/contracts';
import { IsInstant, IsProvince, Optional } from '../http/dto-rules';
import { KeysetPageQueryDto } from '../http/page-query.dto';

/** All five procedures are listed and filtered alike (000-002 in person, 003-004 portal passwords). */
export const ALL_PROCEDURES = [
  'FOREIGNER_CODE',
  'FOREIGNER_CODE_EMPLOYMENT',
  'NON_AFFILIATION_CERTIFICATE',
  'AFFILIATE_PORTAL_PASSWORD',
  'EMPLOYER_PORTAL_PASSWORD',
] as const;

const ALL_STATUSES = [...new Set<string>([...CASE_STATUSES, ...CREDENTIAL_STATUSES])];

export class CaseListQueryDto extends KeysetPageQueryDto {
  @ApiPropertyOptional({ enum: ALL_PROCEDURES })
  @Optional()
  @IsIn(ALL_PROCEDURES, { message: `procedure debe ser uno de: ${ALL_PROCEDURES.join(', ')}` })
  procedure?: string;

  @ApiPropertyOptional({ enum: ALL_STATUSES, example: 'awaiting_correction' })
  @Optional()
  @IsIn(ALL_STATUSES, { message: `status debe ser uno de: ${ALL_STATUSES.join(', ')}` })
  status?: string;

  @ApiPropertyOptional({ example: 'PICHINCHA' })
  @Optional()
  @IsProvince('province')
  province?: string;

  @ApiPropertyOptional({ example: 'UIO-NORTE' })
  @Optional()
  @Matches(/^[A-Z0-9-]{2,40}$/, { message: 'agencyId debe ser el código de una agencia (letras mayúsculas, dígitos y guiones)' })
  agencyId?: string;

  @ApiPropertyOptional({ example: '1712345675', description: 'Número de identidad del solicitante (cédula, código de extranjero o RUC)' })
  @Optional()
  @Matches(/^[A-Za-z0-9]{5,20}$/, { message: 'applicantId debe tener de 5 a 20 letras o dígitos' })
  applicantId?: string;

  @ApiPropertyOptional({
    example: 'T-3F2A9C1B7E',
    description: 'La referencia corta del trámite (T- y diez caracteres), como la ven el solicitante y la ventanilla',
  })
  @Optional()
  @Matches(/^T-?[0-9A-Fa-f]{10}$/, { message: 'reference debe ser T- seguido de diez letras (A-F) o dígitos, como T-3F2A9C1B7E' })
  reference?: string;

  @ApiPropertyOptional({ example: '2026-12-31T23:59:59Z', description: 'Plazo antes de este instante' })
  @Optional()
  @IsInstant('deadlineBefore')
  deadlineBefore?: string;

  @ApiPropertyOptional({ description: 'Solo trámites con el plazo vencido' })
  @Optional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'overdue debe ser true o false' })
  overdue?: boolean;

  @ApiPropertyOptional({ enum: ['deadline', 'created', 'updated'], default: 'deadline' })
  @Optional()
  @IsIn(['deadline', 'created', 'updated'], { message: 'sort debe ser deadline, created o updated' })
  sort?: 'deadline' | 'created' | 'updated';

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc' })
  @Optional()
  @IsIn(['asc', 'desc'], { message: 'order debe ser asc o desc' })
  order?: 'asc' | 'desc';
}
