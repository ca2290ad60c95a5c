import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsISO8601, IsString, MaxLength } from 'class-validator';
import { Optional } from '../http/dto-rules';
import { PageQueryDto } from '../http/page-query.dto';

const ACTOR_ROLES = ['applicant', 'case_manager', 'legal_unit', 'auditor', 'admin', 'supervisor', 'system'] as const;

export class StateAsOfQueryDto {
  @ApiProperty({ example: '2026-12-01T15:00:00Z', description: 'Instante ISO-8601 al que se reconstruye el estado' })
  @IsISO8601({ strict: true }, { message: 'asOf debe ser una fecha y hora ISO-8601 (por ejemplo 2026-12-01T15:00:00Z)' })
  asOf!: string;
}

export class ActionSearchQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'officer-uio-1', description: 'Quién actuó (cédula del solicitante o identificador del funcionario)' })
  @Optional()
  @IsString()
  @MaxLength(128, { message: 'actorId es demasiado largo (128 caracteres máximo)' })
  actorId?: string;

  @ApiPropertyOptional({ enum: ACTOR_ROLES })
  @Optional()
  @IsIn(ACTOR_ROLES, { message: `role debe ser uno de: ${ACTOR_ROLES.join(', ')}` })
  role?: (typeof ACTOR_ROLES)[number];

  @ApiPropertyOptional({ example: 'PODER_ENDORSED', description: 'Tipo de evento (o, con includeReads, la acción de una consulta registrada)' })
  @Optional()
  @IsString()
  @MaxLength(64, { message: 'type es demasiado largo (64 caracteres máximo)' })
  type?: string;

  @ApiPropertyOptional({ example: '2026-12-01T00:00:00-05:00', description: 'Desde este instante (incluido)' })
  @Optional()
  @IsISO8601({ strict: true }, { message: 'from debe ser una fecha y hora ISO-8601' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31T23:59:59-05:00', description: 'Hasta este instante (incluido)' })
  @Optional()
  @IsISO8601({ strict: true }, { message: 'to debe ser una fecha y hora ISO-8601' })
  to?: string;

  @ApiPropertyOptional({ default: false, description: 'Incluye también las consultas registradas de funcionarios y auditores' })
  @Optional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'includeReads debe ser true o false' })
  includeReads?: boolean;
}

export class HistoryExportQueryDto {
  @ApiPropertyOptional({
    enum: ['encrypted', 'decrypted'],
    default: 'encrypted',
    description: 'encrypted: el historial tal como lo guarda Temporal, con los datos cifrados; decrypted: con los datos descifrados (queda registrado)',
  })
  @Optional()
  @IsIn(['encrypted', 'decrypted'], { message: 'payloads debe ser encrypted o decrypted' })
  payloads?: 'encrypted' | 'decrypted';
}
