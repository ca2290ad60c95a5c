import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, Max, Min } from 'class-validator';

export class CaseListQueryDto {
  @ApiPropertyOptional({ enum: ['FOREIGNER_CODE', 'FOREIGNER_CODE_EMPLOYMENT', 'NON_AFFILIATION_CERTIFICATE'] })
  @IsOptional() @IsIn(['FOREIGNER_CODE', 'FOREIGNER_CODE_EMPLOYMENT', 'NON_AFFILIATION_CERTIFICATE'], { message: 'procedure no es un trámite conocido' })
  procedure?: string;

  @ApiPropertyOptional({ example: 'awaiting_correction' })
  @IsOptional() @IsString()
  status?: string;

  @ApiPropertyOptional({ example: 'PICHINCHA' })
  @IsOptional() @IsString()
  province?: string;

  @ApiPropertyOptional({ example: 'UIO-NORTE' })
  @IsOptional() @IsString()
  agencyId?: string;

  @ApiPropertyOptional({ description: 'Número de identidad del solicitante' })
  @IsOptional() @IsString()
  applicantId?: string;

  @ApiPropertyOptional({ example: '2026-12-31T23:59:59Z', description: 'Plazo antes de este instante' })
  @IsOptional() @IsISO8601({}, { message: 'deadlineBefore debe ser una fecha y hora ISO-8601' })
  deadlineBefore?: string;

  @ApiPropertyOptional({ description: 'Solo trámites con el plazo vencido' })
  @IsOptional() @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)) @IsBoolean({ message: 'overdue debe ser true o false' })
  overdue?: boolean;

  @ApiPropertyOptional({ enum: ['deadline', 'created', 'updated'], default: 'deadline' })
  @IsOptional() @IsIn(['deadline', 'created', 'updated'], { message: 'sort debe ser deadline, created o updated' })
  sort?: 'deadline' | 'created' | 'updated';

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc' })
  @IsOptional() @IsIn(['asc', 'desc'], { message: 'order debe ser asc o desc' })
  order?: 'asc' | 'desc';

  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @IsOptional() @Type(() => Number) @IsInt({ message: 'page debe ser un número entero' }) @Min(1, { message: 'page debe ser 1 o más' })
  page?: number;

  @ApiPropertyOptional({ default: 25, minimum: 1, maximum: 100 })
  @IsOptional() @Type(() => Number) @IsInt({ message: 'pageSize debe ser un número entero' }) @Min(1, { message: 'pageSize debe ser 1 o más' }) @Max(100, { message: 'pageSize puede ser como máximo 100' })
  pageSize?: number;
}
