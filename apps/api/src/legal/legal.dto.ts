import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsString, Matches, MaxLength } from 'class-validator';
import { Optional } from '../http/dto-rules';
import { KeysetPageQueryDto, PageQueryDto } from '../http/page-query.dto';

/** 001, Requisitos Específicos: why the legal unit may refuse a poder. */
export const PODER_REJECTION_REASONS = [
  'PODER.SCOPE_INSUFFICIENT',
  'PODER.EXPIRED',
  'PODER.REVOKED',
  'PODER.NOTARY_DATA_INVALID',
  'PODER.PARTIES_MISMATCH',
] as const;

export { PageQueryDto };

/** The inbox pages by OFFSET (`page`) or by keyset (`after`). */
export class InboxQueryDto extends KeysetPageQueryDto {}

export class PoderRegistryQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '1790016919001', description: 'RUC o cédula del empleador que otorgó el poder' })
  @Optional()
  @Matches(/^\d{10}(\d{3})?$/, { message: 'employerId debe ser un RUC (13 dígitos) o una cédula (10 dígitos)' })
  employerId?: string;

  @ApiPropertyOptional({ example: '0912345675', description: 'Número de identidad del apoderado' })
  @Optional()
  @IsString()
  @MaxLength(20, { message: 'attorneyId es demasiado largo (20 caracteres máximo)' })
  attorneyId?: string;
}

export class EndorsePoderDto {
  @ApiPropertyOptional({ example: '2027-12-31', description: 'Hasta cuándo vale la sumilla (si la escritura dice menos, vale lo que dice la escritura)' })
  @Optional()
  @IsISO8601({ strict: true }, { message: 'validUntil debe ser una fecha AAAA-MM-DD' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'validUntil debe ser una fecha AAAA-MM-DD' })
  validUntil?: string;

  @ApiPropertyOptional({ example: 'Escritura revisada; facultades suficientes para trámites ante el IESS.' })
  @Optional()
  @IsString({ message: 'note debe ser un texto' })
  @MaxLength(1000, { message: 'note es demasiado largo (1000 caracteres máximo)' })
  note?: string;
}

export class RejectPoderDto {
  @ApiProperty({ enum: PODER_REJECTION_REASONS, example: 'PODER.SCOPE_INSUFFICIENT' })
  @IsIn(PODER_REJECTION_REASONS, { message: `reasonCode debe ser uno de: ${PODER_REJECTION_REASONS.join(', ')}` })
  reasonCode!: (typeof PODER_REJECTION_REASONS)[number];

  @ApiPropertyOptional({ example: 'El poder no faculta a realizar trámites ante el IESS.' })
  @Optional()
  @IsString({ message: 'note debe ser un texto' })
  @MaxLength(1000, { message: 'note es demasiado largo (1000 caracteres máximo)' })
  note?: string;
}
