import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, Matches } from 'class-validator';
import { Optional } from '../http/dto-rules';

export class AgencyDayQueryDto {
  @ApiPropertyOptional({ example: '2026-12-07', description: 'El día (hoy en Guayaquil si falta)' })
  @Optional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date debe ser una fecha AAAA-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'date debe ser una fecha AAAA-MM-DD' })
  date?: string;
}

export class TurnoCountsDto {
  @ApiProperty({ description: 'Turnos reservados para el día (sin los cancelados)' }) booked!: number;
  @ApiProperty({ description: 'Llegadas registradas (con turno o sin turno)' }) arrived!: number;
  @ApiProperty({ description: 'Atendidos: la ventanilla revisó los documentos (aceptados, observados o rechazados)' }) attended!: number;
  @ApiProperty({ description: 'No se presentaron: marcados al llamarlos, o turnos vencidos sin llegada' }) noShows!: number;
  @ApiProperty({ description: 'Atendidos sin turno (grupos vulnerables, 001)' }) walkIns!: number;
}

export class WaitStatsDto {
  @ApiProperty({ description: 'Cuántos turnos tienen ambos momentos registrados' }) count!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Minutos, un decimal; null sin datos' }) averageMinutes!: number | null;
  @ApiProperty({ nullable: true, type: Number }) medianMinutes!: number | null;
  @ApiProperty({ nullable: true, type: Number }) maxMinutes!: number | null;
}

export class HourRowDto {
  @ApiProperty({ example: '09:00' }) hour!: string;
  @ApiProperty() booked!: number;
  @ApiProperty() arrived!: number;
  @ApiProperty() attended!: number;
}

export class DeadlinesDto {
  @ApiProperty({ description: 'Trámites abiertos de la agencia que vencen en menos de 2 días hábiles' }) dueSoon!: number;
  @ApiProperty({ description: 'Trámites abiertos de la agencia ya vencidos' }) overdue!: number;
  @ApiProperty({ description: 'Hay más de los contados (el conteo se detiene en 1000)' }) more!: boolean;
}

export class OfficerLoadDto {
  @ApiProperty() officerId!: string;
  @ApiProperty({ example: 'Ana Gestora Quito' }) name!: string;
  @ApiProperty({ description: 'Trámites abiertos que tiene asignados ahora' }) open!: number;
  @ApiProperty({ description: 'Turnos que atendió ese día' }) attended!: number;
}

export class AgencyDayDto {
  @ApiProperty({ example: '2026-12-07' }) date!: string;
  @ApiProperty({ example: 'UIO-NORTE' }) agencyId!: string;
  @ApiProperty({ type: TurnoCountsDto }) turnos!: TurnoCountsDto;
  @ApiProperty({ type: WaitStatsDto, description: 'De la llegada al primer llamado' }) arrivalToCall!: WaitStatsDto;
  @ApiProperty({ type: WaitStatsDto, description: 'Del primer llamado a la decisión de la ventanilla' }) callToDone!: WaitStatsDto;
  @ApiProperty({ type: [HourRowDto], description: 'Por hora del turno (las llegadas sin turno, por hora de llegada)' }) byHour!: HourRowDto[];
  @ApiProperty({ type: DeadlinesDto, description: 'Plazos en riesgo ahora (no solo los del día)' }) deadlines!: DeadlinesDto;
  @ApiProperty({ type: [OfficerLoadDto] }) officers!: OfficerLoadDto[];
}
