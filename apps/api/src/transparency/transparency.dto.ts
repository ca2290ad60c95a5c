import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class FileComplaintDto {
  @ApiProperty({
    example: 'Me atendieron dos horas después de la hora de mi turno y no me explicaron el motivo.',
    minLength: 10,
    maxLength: 2000,
    description: 'La queja, con los hechos (10 a 2000 caracteres)',
  })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString({ message: 'description debe ser un texto' })
  @MinLength(10, { message: 'description debe explicar la queja (10 caracteres o más)' })
  @MaxLength(2000, { message: 'description es demasiado larga (2000 caracteres máximo)' })
  description!: string;
}

export class FiledComplaintDto {
  @ApiProperty({ example: '0b7f3a52-61b1-4f43-9d0a-7b5f0a8e1c11' }) id!: string;
  @ApiProperty({ example: '6f1c1c2e-8a4b-4c55-9b1e-2a9a6c1f0d3e' }) caseId!: string;
  @ApiProperty({ example: 'FOREIGNER_CODE' }) procedureType!: string;
  @ApiProperty({ example: '2026-11-23T15:04:05.000Z' }) filedAt!: string;
}

export class TransparencyRowDto {
  @ApiProperty({ example: 2026, description: 'Año' }) year!: number;
  @ApiProperty({ example: 3, minimum: 1, maximum: 12, description: 'Mes' }) month!: number;
  @ApiProperty({ example: 'marzo' }) monthName!: string;
  @ApiProperty({ example: 0, description: 'Volumen de Quejas' }) complaints!: number;
  @ApiProperty({ example: 15, description: 'Volumen de Atenciones' }) attended!: number;
}

class TotalsDto {
  @ApiProperty({ example: 1 }) complaints!: number;
  @ApiProperty({ example: 180 }) attended!: number;
}

export class ProcedureTransparencyDto {
  @ApiProperty({ example: 'NON_AFFILIATION_CERTIFICATE' }) procedure!: string;
  @ApiProperty({ example: '002' }) sheet!: string;
  @ApiProperty({ example: 'Certificado de no afiliación al IESS para extranjeros' }) name!: string;
  @ApiProperty({ type: [TransparencyRowDto], description: 'Los 12 meses del año, de enero a diciembre' }) rows!: TransparencyRowDto[];
  @ApiProperty({ type: TotalsDto }) totals!: TotalsDto;
}

export class TransparencyReportDto {
  @ApiProperty({ example: 2026 }) year!: number;
  @ApiProperty({ example: 'America/Guayaquil' }) timeZone!: string;
  @ApiProperty({ example: ['Año', 'Mes', 'Volumen de Quejas', 'Volumen de Atenciones'] }) columns!: string[];
  @ApiProperty({ example: 'Atenciones: trámites cerrados como emitidos, rechazados o abandonados…' }) note!: string;
  @ApiProperty({ type: [ProcedureTransparencyDto], description: 'Los cinco trámites, en el orden de las fichas' }) procedures!: ProcedureTransparencyDto[];
}
