import { ApiProperty } from '@nestjs/swagger';

export class PoderCaseDto {
  @ApiProperty() caseId!: string;
  @ApiProperty({ example: 'T-3F2A9C1B7E' }) reference!: string;
  @ApiProperty({ nullable: true, type: String }) procedure!: string | null;
  @ApiProperty({ nullable: true, type: String }) status!: string | null;
  @ApiProperty({ nullable: true, type: String }) holderName!: string | null;
  @ApiProperty({ nullable: true, type: String }) agencyId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Nombre de la agencia del trámite' }) agencyName!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Quién revisó los documentos en ventanilla' }) documentsReviewedBy!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Su nombre, del directorio de funcionarios (null si no lo conoce)' })
  documentsReviewedByName!: string | null;
}

/** The deed's scan captured at the window (001), viewable beside the decision. */
export class PoderDeedScanDto {
  @ApiProperty() documentId!: string;
  @ApiProperty({ enum: ['application/pdf', 'image/jpeg'] }) mimeType!: string;
  @ApiProperty() originalName!: string;
  @ApiProperty() size!: number;
  @ApiProperty() uploadedAt!: string;
}

/** Who works the review now (a lawyer of the province), by name. */
export class PoderClaimDto {
  @ApiProperty() officerId!: string;
  @ApiProperty({ description: 'Nombre de quien tomó la revisión' }) officerName!: string;
  @ApiProperty() claimedAt!: string;
  @ApiProperty({ description: 'La tomó quien consulta' }) mine!: boolean;
}

export class SeparationOfDutiesDto {
  @ApiProperty({ description: 'Quien consulta puede sumillar o rechazar este poder' }) mayDecide!: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'Por qué no, en palabras' }) reason!: string | null;
}

export class PoderRegistryEntryDto {
  @ApiProperty({ nullable: true, type: String }) validUntil!: string | null;
  @ApiProperty({ nullable: true, type: String }) revokedAt!: string | null;
  @ApiProperty() endorsedBy!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Su nombre, del directorio de funcionarios (null si no lo conoce)' }) endorsedByName!:
    string | null;
  @ApiProperty() endorsedAt!: string;
  @ApiProperty({ enum: ['valid', 'expired', 'revoked'] }) status!: 'valid' | 'expired' | 'revoked';
}

export class PoderReviewDto {
  @ApiProperty() poderId!: string;
  @ApiProperty() employerId!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Nombre del poderdante (el empleador), del registro de empleadores (null si no lo conoce)' })
  employerName!: string | null;
  @ApiProperty() attorneyId!: string;
  @ApiProperty() attorneyName!: string;
  @ApiProperty() deedNumber!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'Notaría Primera del cantón Quito',
    description: 'La notaría que otorgó la escritura (null si no consta)',
  })
  notary!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2027-12-31', description: 'AAAA-MM-DD: la vigencia que dice la escritura (null si no dice ninguna)' })
  deedValidUntil!: string | null;
  @ApiProperty({ nullable: true, type: PoderDeedScanDto, description: 'El escaneo de la escritura capturado en ventanilla, o null' })
  deedScan!: PoderDeedScanDto | null;
  @ApiProperty({ nullable: true, type: PoderClaimDto, description: 'Quién tomó la revisión, o null' }) claim!: PoderClaimDto | null;
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
