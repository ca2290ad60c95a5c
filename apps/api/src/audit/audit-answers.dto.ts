import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { CaseView } from '@tramites/contracts';
import { CaseViewDto } from '../cases/case-view.dto';

const CHAIN_PROBLEMS = ['MISSING', 'HASH_MISMATCH', 'PREV_HASH_MISMATCH', 'CHECKPOINT_MISMATCH', 'NOT_IN_HISTORY'] as const;
const WORKFLOW_OUTCOMES = ['running', 'completed', 'failed', 'terminated', 'canceled', 'timed_out', 'continued_as_new'] as const;

export class ActorDto {
  @ApiProperty({ example: 'officer-uio-1' }) id!: string;
  @ApiProperty({ example: 'case_manager' }) role!: string;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    example: 'Ana Pérez',
    description: 'Del directorio de funcionarios; null si no lo conoce (o no es un funcionario)',
  })
  name?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'UIO-NORTE' }) agencyId?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'PICHINCHA' }) province?: string | null;
}

/** One event of a case's log, with its Spanish description. */
export class TimelineEventDto {
  @ApiProperty() seq!: number;
  @ApiProperty({ example: 'DOCUMENTS_RECORDED' }) type!: string;
  @ApiProperty({ description: 'Qué pasó, en palabras' }) what!: string;
  @ApiProperty({ type: ActorDto }) actor!: ActorDto;
  @ApiProperty() at!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: Record<string, unknown>;
}

export class CaseTimelineDto {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ type: [TimelineEventDto] }) events!: TimelineEventDto[];
}

export class CaseStateAsOfDto {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty() asOf!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Estado tras su último evento hasta asOf; null si el trámite aún no existía' })
  status!: string | null;
  @ApiProperty({ nullable: true, type: TimelineEventDto }) lastEvent!: TimelineEventDto | null;
  @ApiProperty({ type: [TimelineEventDto] }) events!: TimelineEventDto[];
}

export class ChainFindingDto {
  @ApiProperty({ enum: CHAIN_PROBLEMS }) problem!: (typeof CHAIN_PROBLEMS)[number];
  @ApiProperty({ type: [Number], description: 'Los eventos afectados' }) seqs!: number[];
  @ApiPropertyOptional({ description: 'CHECKPOINT_MISMATCH: el punto de control cuya cabeza difiere' }) checkpoint?: number;
  @ApiProperty({ description: 'El hallazgo, en palabras' }) message!: string;
}

export class CheckpointedHeadDto {
  @ApiProperty() checkpoint!: number;
  @ApiProperty() takenAt!: string;
  @ApiProperty() seq!: number;
  @ApiProperty() hash!: string;
}

/** A case's event log verified against its chain, the signed checkpoints and what Temporal recorded (ADR 0010). */
export class ChainReportDto {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty() valid!: boolean;
  @ApiProperty({ description: 'Eventos presentes' }) events!: number;
  @ApiProperty({ description: 'El número más alto que conocen el registro, el modelo de lectura, un punto de control o el historial' })
  expectedEvents!: number;
  @ApiPropertyOptional() headHash?: string;
  @ApiPropertyOptional() firstBrokenSeq?: number;
  @ApiPropertyOptional({ enum: CHAIN_PROBLEMS }) problem?: (typeof CHAIN_PROBLEMS)[number];
  @ApiProperty({ type: [Number] }) missingSeqs!: number[];
  @ApiProperty({ type: [Number] }) alteredSeqs!: number[];
  @ApiProperty({ type: [ChainFindingDto] }) findings!: ChainFindingDto[];
  @ApiPropertyOptional({ type: CheckpointedHeadDto, description: 'El último punto de control firmado que cubre el trámite' })
  lastCheckpoint?: CheckpointedHeadDto;
}

export class ReplayEventLogDto {
  @ApiProperty() rows!: number;
  @ApiProperty() recordedInHistory!: number;
  @ApiProperty() matches!: boolean;
  @ApiProperty({ type: [Number] }) missingSeqs!: number[];
  @ApiProperty({ type: [Number] }) alteredSeqs!: number[];
  @ApiProperty({ type: [ChainFindingDto] }) findings!: ChainFindingDto[];
}

/** A case's history replayed with the workflow code this API ships with, and its event log compared. */
export class ReplayReportDto {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty() replaysCleanly!: boolean;
  @ApiPropertyOptional({ description: 'El fallo de la reproducción, como lo dice Temporal' }) error?: string;
  @ApiProperty({ description: 'El veredicto para el auditor' }) verdict!: string;
  @ApiProperty({ enum: ['temporal', 'archive'] }) historySource!: 'temporal' | 'archive';
  @ApiProperty() historyEvents!: number;
  @ApiProperty({ enum: WORKFLOW_OUTCOMES }) workflowOutcome!: (typeof WORKFLOW_OUTCOMES)[number];
  @ApiProperty({ enum: ['workflow_result', 'event_log'] }) stateSource!: 'workflow_result' | 'event_log';
  @ApiProperty({ nullable: true, type: String }) status!: string | null;
  @ApiPropertyOptional({ type: CaseViewDto, description: 'El estado que devolvió el flujo reproducido (solo trámites cerrados)' })
  reconstructedState?: CaseView;
  @ApiProperty({ type: ReplayEventLogDto }) eventLog!: ReplayEventLogDto;
}

export class CheckpointSummaryDto {
  @ApiProperty() number!: number;
  @ApiProperty() takenAt!: string;
  @ApiProperty({ description: 'La clave que lo firmó' }) kid!: string;
  @ApiProperty({ description: 'sha256 del contenido firmado' }) digest!: string;
  @ApiProperty({ description: 'Cuántos trámites cubre' }) heads!: number;
}

export class CheckpointHeadDto {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty() seq!: number;
  @ApiProperty() hash!: string;
}

export class CheckpointPayloadDto {
  @ApiProperty({ enum: ['tramites.event-log-checkpoint.v1'] }) format!: 'tramites.event-log-checkpoint.v1';
  @ApiProperty() number!: number;
  @ApiProperty() takenAt!: string;
  @ApiProperty() previousDigest!: string;
  @ApiProperty({ type: [CheckpointHeadDto] }) heads!: CheckpointHeadDto[];
}

/** A signed checkpoint, as a self-contained document (verify it offline: npm run audit -- verify-checkpoint). */
export class SignedCheckpointDto {
  @ApiProperty({ type: CheckpointPayloadDto }) payload!: CheckpointPayloadDto;
  @ApiProperty({ enum: ['EdDSA'] }) alg!: 'EdDSA';
  @ApiProperty() kid!: string;
  @ApiProperty({ description: 'Firma Ed25519 del JSON canónico de payload, base64url' }) signature!: string;
}

/** An action on any case: an event of its log or (with includeReads) a logged read. */
export class AuditActionDto {
  @ApiProperty({ enum: ['event', 'access'] }) kind!: 'event' | 'access';
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ nullable: true, type: Number, description: 'Solo eventos' }) seq!: number | null;
  @ApiProperty({ description: 'Tipo de evento, o la acción de la consulta registrada' }) type!: string;
  @ApiProperty() what!: string;
  @ApiProperty({ type: ActorDto }) actor!: ActorDto;
  @ApiProperty() at!: string;
  @ApiProperty({ nullable: true, type: 'object', additionalProperties: true, description: 'Solo eventos: sus datos' })
  data!: Record<string, unknown> | null;
}

export class AuditActionPageDto {
  @ApiProperty({ type: [AuditActionDto] }) items!: AuditActionDto[];
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty() total!: number;
}
