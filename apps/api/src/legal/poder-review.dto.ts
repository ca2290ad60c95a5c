import { ApiProperty } from '@nestjs/swagger';

export class PoderCaseDto {
  @ApiProperty() caseId!: string;
  @ApiProperty({ example: 'T-3F2A9C1B7E' }) reference!: string;
  @ApiProperty({ nullable: true, type: String }) procedure!: string | null;
  @ApiProperty({ nullable: true, type: String }) status!: string | null;
  @ApiProperty({ nullable: true, type: String }) holderName!: string | null;
  @ApiProperty({ nullable: true, type: String }) agencyId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Quién revisó los documentos en ventanilla' }) documentsReviewedBy!: string | null;
}

export class SeparationOfDutiesDto {
  @ApiProperty({ description: 'Quien consulta puede sumillar o rechazar este poder' }) mayDecide!: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'Por qué no, en palabras' }) reason!: string | null;
}

export class PoderRegistryEntryDto {
  @ApiProperty({ nullable: true, type: String }) validUntil!: string | null;
  @ApiProperty({ nullable: true, type: String }) revokedAt!: string | null;
  @ApiProperty() endorsedBy!: string;
  @ApiProperty() endorsedAt!: string;
  @ApiProperty({ enum: ['valid', 'expired', 'revoked'] }) status!: 'valid' | 'expired' | 'revoked';
}

export class PoderReviewDto {
  @ApiProperty() poderId!: string;
  @ApiProperty() employerId!: string;
  @ApiProperty() attorneyId!: string;
  @ApiProperty() attorneyName!: string;
  @ApiProperty() deedNumber!: string;
  @ApiProperty() province!: string;
  @ApiProperty({ enum: ['pending', 'endorsed', 'rejected'] }) status!: string;
  @ApiProperty() requestedAt!: string;
  @ApiProperty({ description: 'Plazo de la unidad jurídica: al vencer, el caso se escala' }) dueAt!: string;
  @ApiProperty({ description: 'Recordatorio a la mitad del plazo' }) reminderAt!: string;
  @ApiProperty({ description: 'Días hábiles que quedan hasta la escalación (negativo si venció)' }) businessDaysLeft!: number;
  @ApiProperty({ example: 'Quedan 2 días hábiles' }) timeLeftLabel!: string;
  @ApiProperty({ enum: ['on_time', 'due_soon', 'overdue'] }) urgency!: string;
  @ApiProperty({ nullable: true, type: String }) remindedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) escalatedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) decidedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) decidedBy!: string | null;
  @ApiProperty({ nullable: true, type: String }) reasonCode!: string | null;
  @ApiProperty({ type: PoderCaseDto }) case!: PoderCaseDto;
  @ApiProperty({ type: SeparationOfDutiesDto }) separationOfDuties!: SeparationOfDutiesDto;
  @ApiProperty({ nullable: true, type: PoderRegistryEntryDto }) registry!: PoderRegistryEntryDto | null;
}
