import { ApiProperty } from '@nestjs/swagger';

export class PublicFigureDto {
  @ApiProperty({ example: 42, description: 'Trámites recientes contados' }) cases!: number;
  @ApiProperty({ type: Number, nullable: true, example: 1260, description: 'Mediana en segundos; null con menos de 5 trámites' }) p50Seconds!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 2400, description: 'Percentil 80 en segundos; null con menos de 5 trámites' }) p80Seconds!:
    number | null;
}

export class FreeDayDto {
  @ApiProperty({ example: '2026-12-09' }) day!: string;
  @ApiProperty({ example: 14, description: 'Cupos libres ese día' }) seats!: number;
}

export class AgencyFiguresDto {
  @ApiProperty({ example: 'UIO-NORTE' }) agencyId!: string;
  @ApiProperty({ example: 'Centro de Atención Universal Quito Norte' }) name!: string;
  @ApiProperty({ example: 'PICHINCHA' }) province!: string;
  @ApiProperty({ example: 'Av. 10 de Agosto y Bogotá, Quito' }) address!: string;
  @ApiProperty({ example: '08:00' }) opensAt!: string;
  @ApiProperty({ example: '17:00' }) closesAt!: string;
  @ApiProperty({ type: FreeDayDto, nullable: true, description: 'Primer día hábil con cupos libres en los próximos 30 días' }) nextFreeDay!: FreeDayDto | null;
  @ApiProperty({ type: PublicFigureDto, description: 'Espera desde la llegada hasta el primer llamado (últimos 90 días)' }) waiting!: PublicFigureDto;
  @ApiProperty({ type: PublicFigureDto, description: 'Tiempo de la agencia hasta la respuesta, sin el de la unidad jurídica (últimos 90 días)' })
  answer!: PublicFigureDto;
}

export class AgencyFiguresListDto {
  @ApiProperty({ type: [AgencyFiguresDto] }) items!: AgencyFiguresDto[];
}

export class AgencyMonthDto {
  @ApiProperty({ example: 2026 }) year!: number;
  @ApiProperty({ example: 11 }) month!: number;
  @ApiProperty({ example: 40 }) waitCases!: number;
  @ApiProperty({ type: Number, nullable: true, example: 900 }) waitP50Seconds!: number | null;
  @ApiProperty({ example: 35 }) answerCases!: number;
  @ApiProperty({ type: Number, nullable: true, example: 5400 }) answerP50Seconds!: number | null;
}

export class AgencyReportDto extends AgencyFiguresDto {
  @ApiProperty({ type: [AgencyMonthDto], description: 'Los últimos 6 meses (hora de Ecuador), del más antiguo al actual' }) months!: AgencyMonthDto[];
}
