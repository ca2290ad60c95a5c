import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Optional } from '../http/dto-rules';
import { ASSIGNMENT_ACTIONS, CASE_ACTIONS, CASE_STATUSES, CREDENTIAL_STATUSES, type AssignmentAction, type CaseAction } from '@tramites/contracts';
import { QUEUE_SORTS, WORK_QUEUES, type QueueSort } from '@tramites/persistence';
import { ALL_PROCEDURES } from '../cases/case-list.dto';

const ALL_STATUSES = [...new Set<string>([...CASE_STATUSES, ...CREDENTIAL_STATUSES])];

export class WorkQueueParamDto {
  @ApiProperty({ enum: WORK_QUEUES })
  @IsIn(WORK_QUEUES, { message: `queue debe ser una de: ${WORK_QUEUES.join(', ')}` })
  queue!: (typeof WORK_QUEUES)[number];
}

export class WorkQueueQueryDto {
  @ApiPropertyOptional({ enum: ALL_PROCEDURES })
  @Optional()
  @IsIn(ALL_PROCEDURES, { message: `procedure debe ser uno de: ${ALL_PROCEDURES.join(', ')}` })
  procedure?: string;

  @ApiPropertyOptional({ enum: ALL_STATUSES, example: 'checked_in' })
  @Optional()
  @IsIn(ALL_STATUSES, { message: `status debe ser uno de: ${ALL_STATUSES.join(', ')}` })
  status?: string;

  @ApiPropertyOptional({ example: '2026-12-01', description: 'Turnos: el día (hoy si falta). Otras colas: plazo hasta el final de ese día' })
  @Optional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date debe ser una fecha AAAA-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'date debe ser una fecha AAAA-MM-DD' })
  date?: string;

  @ApiPropertyOptional({
    example: 'T-3F2A9C1B7E',
    description: 'Referencia del trámite, nombre del titular o cualquier número de documento (titular, solicitante, empleador, apoderado)',
  })
  @Optional()
  @IsString({ message: 'q debe ser un texto' })
  @MinLength(2, { message: 'q debe tener al menos 2 caracteres' })
  @MaxLength(100, { message: 'q es demasiado largo (100 caracteres máximo)' })
  q?: string;

  @ApiPropertyOptional({ description: 'El valor next de la página anterior' })
  @Optional()
  @Matches(/^[A-Za-z0-9_-]{10,200}$/, { message: 'after debe ser el valor next de la página anterior' })
  after?: string;

  @ApiPropertyOptional({
    enum: QUEUE_SORTS,
    description: 'Orden: deadline (por plazo), appointment (por hora del turno), waiting (lo que más espera primero). Por omisión, el de la cola',
  })
  @Optional()
  @IsIn(QUEUE_SORTS, { message: `sort debe ser uno de: ${QUEUE_SORTS.join(', ')}` })
  sort?: QueueSort;

  @ApiPropertyOptional({ default: 25, minimum: 1, maximum: 100 })
  @Optional()
  @Type(() => Number)
  @IsInt({ message: 'pageSize debe ser un número entero' })
  @Min(1, { message: 'pageSize debe ser 1 o más' })
  @Max(100, { message: 'pageSize puede ser como máximo 100' })
  pageSize?: number;
}

export class QueueCountDto {
  @ApiProperty({ example: 12 }) count!: number;
  @ApiProperty({ description: 'Hay más de count (el conteo se detiene en 1000)' }) more!: boolean;
}

export class QueueCountsDto {
  @ApiProperty({ example: '2026-12-01' }) date!: string;
  @ApiProperty({ type: QueueCountDto }) appointments!: QueueCountDto;
  @ApiProperty({ type: QueueCountDto }) checked_in!: QueueCountDto;
  @ApiProperty({ type: QueueCountDto }) awaiting_correction!: QueueCountDto;
  @ApiProperty({ type: QueueCountDto }) stuck!: QueueCountDto;
  @ApiProperty({ type: QueueCountDto }) possible_duplicate!: QueueCountDto;
  @ApiProperty({ type: QueueCountDto }) overdue!: QueueCountDto;
  @ApiProperty({ type: QueueCountDto, description: 'Mis trámites: los abiertos asignados a quien consulta' }) mine!: QueueCountDto;
}

export class TimeLeftDto {
  @ApiProperty({ example: 3.5, description: 'Días hábiles que quedan hasta el plazo (negativo si venció)' }) businessDays!: number;
  @ApiProperty({ enum: ['on_time', 'due_soon', 'overdue'] }) urgency!: 'on_time' | 'due_soon' | 'overdue';
  @ApiProperty({ example: 'Quedan 3 días hábiles' }) label!: string;
}

export class AssignmentDto {
  @ApiProperty({ example: 'officer-1' }) officerId!: string;
  @ApiProperty({ example: 'Ana Gestora Quito', description: 'Del directorio de funcionarios (su id si nunca ingresó)' }) officerName!: string;
  @ApiProperty() assignedAt!: string;
  @ApiProperty({ description: 'Lo tiene asignado quien consulta' }) mine!: boolean;
}

export class QueueItemDto {
  @ApiProperty() caseId!: string;
  @ApiProperty({ example: 'T-3F2A9C1B7E' }) reference!: string;
  @ApiProperty({ enum: ALL_PROCEDURES }) procedure!: string;
  @ApiProperty({ enum: ALL_STATUSES }) status!: string;
  @ApiProperty() applicantId!: string;
  @ApiProperty({ nullable: true, type: String }) holderName!: string | null;
  @ApiProperty({ enum: ['applicant', 'institution', 'nobody'] }) waitingOn!: string;
  @ApiProperty({ nullable: true, type: String }) deadlineAt!: string | null;
  @ApiProperty({ nullable: true, type: TimeLeftDto }) timeLeft!: TimeLeftDto | null;
  @ApiProperty({ nullable: true, type: String }) appointmentAt!: string | null;
  @ApiProperty({ description: 'Último cambio del trámite: desde cuándo espera (orden waiting)' }) updatedAt!: string;
  @ApiProperty({ nullable: true, type: AssignmentDto }) assignment!: AssignmentDto | null;
  @ApiProperty({
    enum: ASSIGNMENT_ACTIONS,
    isArray: true,
    description: 'Lo que quien consulta puede hacer ahora con la asignación: asignarse, liberar, reasignar (supervisor)',
  })
  assignmentActions!: AssignmentAction[];
}

export class QueuePageDto {
  @ApiProperty({ enum: WORK_QUEUES }) queue!: string;
  @ApiProperty({ type: [QueueItemDto] }) items!: QueueItemDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Pase este valor como after para la página siguiente; null en la última' }) next!: string | null;
}

export class TimelineActorDto {
  @ApiProperty({ example: 'officer-1' }) id!: string;
  @ApiProperty({ example: 'case_manager' }) role!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'Ana Pérez',
    description: 'Del directorio de funcionarios; null si no lo conoce (o no es un funcionario)',
  })
  name!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'UIO-NORTE' }) agencyId!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'PICHINCHA' }) province!: string | null;
}

export class DeskTimelineEventDto {
  @ApiProperty() seq!: number;
  @ApiProperty() type!: string;
  @ApiProperty({ example: 'Llegada registrada en ventanilla' }) what!: string;
  @ApiProperty() at!: string;
  @ApiProperty({ type: TimelineActorDto }) actor!: TimelineActorDto;
}

export class FilingPoderDto {
  @ApiProperty({ example: '1790016919001' }) employerId!: string;
  @ApiProperty({ example: 'Luis Alberto Mena Vera' }) attorneyName!: string;
  @ApiProperty({ example: '2026-17-01-P01234' }) deedNumber!: string;
  @ApiProperty({ example: 'Notaría Primera del cantón Quito' }) notary!: string;
  @ApiPropertyOptional({ example: '2027-12-31' }) validUntil?: string;
}

/** Who files the case, as recorded when it was opened (personal data: officers of the case's scope only). */
/** The officer who booked a turno at the desk, by the officers' directory's name. */
export class DeskBookingByDto {
  @ApiProperty({ example: 'officer-uio-norte-1' }) officerId!: string;
  @ApiProperty({ nullable: true, type: String, example: 'Ana Gestora Quito', description: 'null: el directorio no lo conoce' }) officerName!: string | null;
  @ApiProperty({ example: 'UIO-NORTE' }) agencyId!: string;
}

export class FilingDto {
  @ApiProperty({ enum: ['holder', 'employer', 'attorney', 'authorised_third_party'] }) filerRole!: string;
  @ApiProperty({ example: '1712345675' }) filerIdentityNumber!: string;
  @ApiProperty({ nullable: true, type: String, enum: ['cedula', 'foreigner_code', 'passport', 'visa'], description: 'null: no consta (turno en línea)' })
  filerIdentityType!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Ana Lucía Torres Vega' }) filerName!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '1790016919001' }) employerId!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Comercial Andina S.A.', description: 'Del registro de empleadores, cuando lo conoce' })
  employerName!: string | null;
  @ApiProperty({ example: 'ana.torres@example.ec' }) email!: string;
  @ApiProperty({ example: '0991234567' }) mobile!: string;
  @ApiProperty({ nullable: true, type: String, enum: ['elderly', 'disabled', 'pregnant'], description: 'Atención prioritaria sin turno (001, NOTA)' })
  vulnerableGroup!: string | null;
  @ApiProperty({ nullable: true, type: FilingPoderDto }) poder!: FilingPoderDto | null;
  @ApiProperty({
    nullable: true,
    type: DeskBookingByDto,
    description: 'El turno lo reservó un gestor en ventanilla por cuenta de la persona (ADR 0030); null: turno en línea o sin turno',
  })
  bookedAtDesk!: DeskBookingByDto | null;
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'TL-000123',
    description: '004 en ventanilla: referencia de la «Confirmación del Turno en Línea» que presentó la persona; null en los demás',
  })
  appointmentReference!: string | null;
}

export class DeskCaseDto {
  @ApiProperty() caseId!: string;
  @ApiProperty() reference!: string;
  @ApiProperty({ nullable: true, type: FilingDto, description: 'Quién presenta; null en trámites sin ese registro (anteriores, o de clave)' })
  filing!: FilingDto | null;
  @ApiProperty({ nullable: true, type: AssignmentDto }) assignment!: AssignmentDto | null;
  @ApiProperty({ nullable: true, type: TimeLeftDto }) timeLeft!: TimeLeftDto | null;
  @ApiProperty({ type: [DeskTimelineEventDto] }) timeline!: DeskTimelineEventDto[];
  @ApiProperty({
    enum: CASE_ACTIONS,
    isArray: true,
    example: ['reschedule', 'cancel', 'check_in'],
    description: 'Las acciones que quien consulta puede tomar ahora en el trámite (las mismas de GET /cases/{caseId})',
  })
  availableActions!: CaseAction[];
  @ApiProperty({
    enum: ASSIGNMENT_ACTIONS,
    isArray: true,
    description: 'Lo que quien consulta puede hacer ahora con la asignación: asignarse, liberar, reasignar (supervisor)',
  })
  assignmentActions!: AssignmentAction[];
}
