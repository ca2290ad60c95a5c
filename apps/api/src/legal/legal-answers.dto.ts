import { ApiProperty } from '@nestjs/swagger';

/** A poder waiting for the legal unit's decision, with its office time left (the inbox's row). */
export class LegalInboxItemDto {
  @ApiProperty() caseId!: string;
  @ApiProperty({ example: '1790016919001:0912345675:2026-17-01-P01234' }) poderId!: string;
  @ApiProperty() attorneyName!: string;
  @ApiProperty() employerId!: string;
  @ApiProperty() requestedAt!: string;
  @ApiProperty({ description: 'Plazo de la unidad jurídica: al vencer, el caso se escala' }) dueAt!: string;
  @ApiProperty({ description: 'Tiempo hábil que queda hasta el plazo, en milisegundos (negativo si venció)' }) businessMsLeft!: number;
  @ApiProperty() overdue!: boolean;
  @ApiProperty({ nullable: true, type: String }) remindedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) escalatedAt!: string | null;
  @ApiProperty({ example: 'T-3F2A9C1B7E', description: 'Número del trámite que presentó el poder' }) reference!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Titular del trámite' }) holderName!: string | null;
  @ApiProperty({ nullable: true, type: String }) agencyId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Agencia del trámite' }) agencyName!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Quién tomó la revisión (usuario)' }) claimedBy!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Quién tomó la revisión (nombre)' }) claimedByName!: string | null;
}

export class LegalInboxPageDto {
  @ApiProperty({ type: [LegalInboxItemDto] }) items!: LegalInboxItemDto[];
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty() total!: number;
  @ApiProperty({ description: 'El total se dejó de contar (hay más de total)' }) totalCapped!: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'Cursor de la página siguiente, o null' }) next!: string | null;
}

/** An endorsed poder of the registry, with its status as of today in Guayaquil. */
export class EndorsedPoderDto {
  @ApiProperty() poderId!: string;
  @ApiProperty() employerId!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Nombre del poderdante (el empleador), del registro de empleadores (null si no lo conoce)' })
  employerName!: string | null;
  @ApiProperty() attorneyId!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Nombre del apoderado, como lo dio al presentar el trámite (null si no consta)' })
  attorneyName!: string | null;
  @ApiProperty() deedNumber!: string;
  @ApiProperty({ example: 'Notaría Primera del cantón Quito' }) notary!: string;
  @ApiProperty({ nullable: true, type: String, description: 'AAAA-MM-DD, o null si ni la escritura ni la sumilla lo limitan' }) validUntil!: string | null;
  @ApiProperty() endorsedBy!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Su nombre, del directorio de funcionarios (null si no lo conoce)' }) endorsedByName!:
    string | null;
  @ApiProperty() endorsedAt!: string;
  @ApiProperty({ nullable: true, type: String }) revokedAt!: string | null;
  @ApiProperty() caseId!: string;
  @ApiProperty({ nullable: true, type: String }) province!: string | null;
  @ApiProperty({ enum: ['valid', 'expired', 'revoked'] }) status!: 'valid' | 'expired' | 'revoked';
}

export class PoderRegistryPageDto {
  @ApiProperty({ type: [EndorsedPoderDto] }) items!: EndorsedPoderDto[];
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty() total!: number;
}
