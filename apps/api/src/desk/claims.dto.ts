import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { Optional } from '../http/dto-rules';
import { AssignmentDto } from './desk.dto';

export { AssignmentDto };

const REASON = 'reason debe decir en 5 a 500 caracteres por qué cambia el trámite de manos';

export class ReleaseDto {
  @ApiPropertyOptional({ example: 'La gestora está de vacaciones', description: 'Obligatorio para un supervisor que libera el trámite de otra persona' })
  @Optional()
  @IsString({ message: REASON })
  @MinLength(5, { message: REASON })
  @MaxLength(500, { message: REASON })
  reason?: string;
}

export class ReassignDto {
  @ApiProperty({ example: 'officer-uio-norte-1', description: 'El gestor de trámites de la agencia que recibe el trámite' })
  @IsString({ message: 'officerId debe ser el id de un gestor de su agencia' })
  @MinLength(1, { message: 'officerId debe ser el id de un gestor de su agencia' })
  @MaxLength(200, { message: 'officerId debe ser el id de un gestor de su agencia' })
  officerId!: string;

  @ApiProperty({ example: 'Ana atiende hoy la ventanilla de grupos prioritarios' })
  @IsString({ message: REASON })
  @MinLength(5, { message: REASON })
  @MaxLength(500, { message: REASON })
  reason!: string;
}

export class BulkReassignDto extends ReassignDto {
  @ApiProperty({ type: [String], description: 'Los trámites (de 1 a 100) que pasan a officerId' })
  @IsArray({ message: 'caseIds debe ser una lista de trámites' })
  @ArrayMinSize(1, { message: 'caseIds debe tener al menos un trámite' })
  @ArrayMaxSize(100, { message: 'caseIds puede tener a lo sumo 100 trámites' })
  @IsUUID('all', { each: true, message: 'caseIds debe tener solo identificadores de trámite (UUID)' })
  caseIds!: string[];
}

export class ReassignedDto extends AssignmentDto {
  @ApiProperty({ nullable: true, type: String, description: 'Quién lo tenía antes (null: nadie)' }) previousOfficerName!: string | null;
}

export class ReleasedDto {
  @ApiProperty({ nullable: true, type: Object, example: null }) assignment!: null;
  @ApiProperty({ nullable: true, type: String, description: 'A quién se le quitó (null: a nadie)' }) releasedFrom!: string | null;
}

export class BulkReassignItemDto {
  @ApiProperty() caseId!: string;
  @ApiProperty() reassigned!: boolean;
  @ApiPropertyOptional({ example: 'CASE.CLOSED' }) code?: string;
  @ApiPropertyOptional({ example: 'El trámite ya está cerrado' }) message?: string;
}

export class BulkReassignResultDto {
  @ApiProperty() officerId!: string;
  @ApiProperty({ example: 'Ana Gestora Quito' }) officerName!: string;
  @ApiProperty({ type: [BulkReassignItemDto] }) results!: BulkReassignItemDto[];
}

export class OfficerDto {
  @ApiProperty({ example: 'officer-uio-norte-1' }) officerId!: string;
  @ApiProperty({ example: 'Ana Gestora Quito' }) name!: string;
  @ApiProperty({ example: 'case_manager' }) role!: string;
}

export class AssignmentLogDto {
  @ApiProperty() id!: string;
  @ApiProperty() at!: string;
  @ApiProperty() caseId!: string;
  @ApiProperty({ example: 'UIO-NORTE' }) agencyId!: string;
  @ApiProperty({ enum: ['claim', 'release', 'reassign'] }) action!: string;
  @ApiProperty({ example: 'Reasignó' }) what!: string;
  @ApiProperty() actorId!: string;
  @ApiProperty({ example: 'Carmen Supervisora Quito' }) actorName!: string;
  @ApiProperty({ example: 'supervisor' }) actorRole!: string;
  @ApiProperty({ nullable: true, type: String }) fromOfficerName!: string | null;
  @ApiProperty({ nullable: true, type: String }) toOfficerName!: string | null;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
}

export class AssignmentLogPageDto {
  @ApiProperty({ type: [AssignmentLogDto] }) items!: AssignmentLogDto[];
  @ApiPropertyOptional({ description: 'Pase este valor como before para la página siguiente' }) next?: string;
}

export class AssignmentLogQueryDto {
  @ApiPropertyOptional({ description: 'Un trámite' })
  @Optional()
  @IsUUID('all', { message: 'caseId debe ser un UUID' })
  caseId?: string;

  @ApiPropertyOptional({ description: 'Un funcionario: quien actuó, a quién se le quitó o quién lo recibió' })
  @Optional()
  @IsString({ message: 'officerId debe ser un texto' })
  @MaxLength(200, { message: 'officerId es demasiado largo' })
  officerId?: string;

  @ApiPropertyOptional({ description: 'El valor next de la página anterior' })
  @Optional()
  @IsString({ message: 'before debe ser el valor next de la página anterior' })
  @MaxLength(20, { message: 'before debe ser el valor next de la página anterior' })
  before?: string;
}
