import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class CaseStepDto {
  @ApiProperty({ example: 'PODER_SENT_TO_LEGAL_UNIT', description: 'Tipo de evento del registro del trámite (solo los que ve el ciudadano)' }) type!: string;
  @ApiProperty({ example: '2026-12-01T15:04:05.000Z' }) occurredAt!: string;
}

export class PredictionDto {
  @ApiProperty({ description: 'true: hay una fecha prevista' }) available!: boolean;
  @ApiPropertyOptional({
    enum: ['agency', 'legal_unit'],
    description: 'De quién vienen los tiempos: la ventanilla de la agencia o la unidad jurídica de la provincia',
  })
  basis?: 'agency' | 'legal_unit';
  @ApiPropertyOptional({ example: '2026-12-04T15:00:00.000Z', description: 'Fecha prevista: inicio de la etapa más la mediana de los trámites recientes' })
  expectedAt?: string;
  @ApiPropertyOptional({ example: '2026-12-07T15:00:00.000Z', description: '8 de cada 10 trámites recientes terminaron la etapa antes de esta fecha' })
  likelyBy?: string;
  @ApiPropertyOptional({
    enum: ['too_few_cases', 'longer_than_usual', 'not_applicable'],
    description: 'Sin fecha: pocos trámites recientes, la etapa ya tarda más que 8 de cada 10, o la etapa no se predice',
  })
  reason?: 'too_few_cases' | 'longer_than_usual' | 'not_applicable';
  @ApiPropertyOptional({ example: 12, description: 'Trámites recientes de los que sale la fecha' }) cases?: number;
  @ApiProperty({ example: 90, description: 'Días hacia atrás que se consideran' }) days!: number;
}

export class CaseProgressDto {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ example: 'legal_review' }) status!: string;
  @ApiProperty({ type: String, nullable: true, example: 'UIO-NORTE' }) agencyId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'PICHINCHA' }) province!: string | null;
  @ApiProperty({ type: [CaseStepDto] }) steps!: CaseStepDto[];
  @ApiProperty({ type: PredictionDto }) prediction!: PredictionDto;
}
