import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Optional } from '../http/dto-rules';
import { OFFICER_ACCESS_EVENTS, OFFICER_ROLES, type OfficerAccessEvent, type OfficerRole } from '@tramites/persistence';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class AgencyHoursDto {
  @ApiProperty({ example: '08:00' })
  @Matches(HHMM, { message: 'opensAt debe ser una hora HH:MM (por ejemplo 08:00)' })
  opensAt!: string;

  @ApiProperty({ example: '17:00' })
  @Matches(HHMM, { message: 'closesAt debe ser una hora HH:MM (por ejemplo 17:00)' })
  closesAt!: string;

  @ApiProperty({ example: 30, description: 'Minutos de cada turno (5 a 240)' })
  @Type(() => Number)
  @IsInt({ message: 'slotMinutes debe ser un número entero de minutos' })
  @Min(5, { message: 'slotMinutes debe ser al menos 5' })
  @Max(240, { message: 'slotMinutes puede ser a lo sumo 240' })
  slotMinutes!: number;

  @ApiProperty({ example: 3, description: 'Puestos (ventanillas) por turno (1 a 50)' })
  @Type(() => Number)
  @IsInt({ message: 'seatsPerSlot debe ser un número entero' })
  @Min(1, { message: 'seatsPerSlot debe ser al menos 1' })
  @Max(50, { message: 'seatsPerSlot puede ser a lo sumo 50' })
  seatsPerSlot!: number;
}

export class HolidayDto {
  @ApiProperty({ example: '2026-12-06', description: 'Día del feriado local (AAAA-MM-DD)' })
  @Matches(DAY, { message: 'day debe ser una fecha AAAA-MM-DD' })
  day!: string;

  @ApiProperty({ example: 'Fundación de Quito' })
  @IsString({ message: 'name debe ser un texto' })
  @MinLength(3, { message: 'name debe tener al menos 3 caracteres' })
  @MaxLength(120, { message: 'name puede tener a lo sumo 120 caracteres' })
  name!: string;
}

export class DayQueryDto {
  @ApiProperty({ example: '2026-12-07' })
  @Matches(DAY, { message: 'date debe ser una fecha AAAA-MM-DD' })
  date!: string;
}

export class OfficerRoleDto {
  @ApiProperty({ enum: OFFICER_ROLES })
  @IsIn(OFFICER_ROLES, { message: `role debe ser uno de: ${OFFICER_ROLES.join(', ')}` })
  role!: OfficerRole;

  @ApiPropertyOptional({ example: 'UIO-NORTE', description: 'Agencia (obligatoria para case_manager y supervisor)' })
  @Optional()
  @Matches(/^[A-Z0-9-]{2,40}$/, { message: 'agencyId debe ser el código de una agencia (por ejemplo UIO-NORTE)' })
  agencyId?: string;

  @ApiPropertyOptional({ example: 'PICHINCHA', description: 'Provincia (obligatoria para legal_unit)' })
  @Optional()
  @Matches(/^[A-Z_]{3,40}$/, { message: 'province debe ser una provincia en mayúsculas (por ejemplo PICHINCHA)' })
  province?: string;
}

export class OfficerAccessQueryDto {
  @ApiPropertyOptional({ example: 'auditor-1' })
  @Optional()
  @IsString()
  @MaxLength(128, { message: 'officerId es demasiado largo (128 caracteres máximo)' })
  officerId?: string;

  @ApiPropertyOptional({ enum: OFFICER_ACCESS_EVENTS })
  @Optional()
  @IsIn(OFFICER_ACCESS_EVENTS, { message: `event debe ser uno de: ${OFFICER_ACCESS_EVENTS.join(', ')}` })
  event?: OfficerAccessEvent;

  @ApiPropertyOptional({ example: '2026-12-01T00:00:00-05:00' })
  @Optional()
  @IsISO8601({ strict: true }, { message: 'from debe ser una fecha y hora ISO-8601' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31T23:59:59-05:00' })
  @Optional()
  @IsISO8601({ strict: true }, { message: 'to debe ser una fecha y hora ISO-8601' })
  to?: string;

  @ApiPropertyOptional({ description: 'Página siguiente: filas anteriores a este id (paginación por clave)' })
  @Optional()
  @Matches(/^\d{1,18}$/, { message: 'before debe ser el id numérico de una fila' })
  before?: string;
}

export class ReadLogQueryDto {
  @ApiPropertyOptional({ example: 'auditor-1', description: 'Quién leyó' })
  @Optional()
  @IsString()
  @MaxLength(128, { message: 'actorId es demasiado largo (128 caracteres máximo)' })
  actorId?: string;

  @ApiPropertyOptional({ description: 'El trámite leído (solo consultas de trámites)' })
  @Optional()
  @IsUUID('all', { message: 'caseId debe ser un UUID' })
  caseId?: string;

  @ApiPropertyOptional({ description: 'Página siguiente: filas anteriores a este id (paginación por clave)' })
  @Optional()
  @Matches(/^\d{1,18}$/, { message: 'before debe ser el id numérico de una fila' })
  before?: string;
}
