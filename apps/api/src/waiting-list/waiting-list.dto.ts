import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, Matches } from 'class-validator';
import { Optional } from '../http/dto-rules';

export class JoinWaitingListDto {
  @ApiProperty({ example: 'UIO-NORTE', description: 'La agencia del día lleno' })
  @Matches(/^[A-Z0-9-]{2,40}$/, { message: 'agencyId debe ser el código de una agencia, como UIO-NORTE' })
  agencyId!: string;

  @ApiProperty({ example: '2026-12-09', description: 'El día lleno (AAAA-MM-DD)' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'day debe ser una fecha AAAA-MM-DD' })
  day!: string;

  @ApiProperty({ example: '0991234567', description: 'El celular al que se avisa (09 y 8 dígitos): el que dio al agendar' })
  @Matches(/^09\d{8}$/, { message: 'mobile debe ser un celular ecuatoriano: 09 y 8 dígitos' })
  mobile!: string;

  @ApiPropertyOptional({
    example: false,
    description: 'Pertenece a un grupo vulnerable (adulto mayor, persona con discapacidad, mujer embarazada): va primero',
  })
  @Optional()
  @IsBoolean({ message: 'vulnerable debe ser true o false' })
  vulnerable?: boolean;
}

export class WaitingListPlaceDto {
  @ApiProperty({ example: 'UIO-NORTE' })
  agencyId!: string;
  @ApiProperty({ example: '2026-12-09' })
  day!: string;
  @ApiProperty({ example: 2, description: 'Cuántas personas están antes en la lista' })
  ahead!: number;
  @ApiProperty({ example: 30, description: 'Minutos que se reserva para usted un turno que se libere' })
  holdMinutes!: number;
}

export class WaitingListOfferDto {
  @ApiProperty({ example: 'T-1A2B3C4D5E', description: 'El número de trámite' })
  reference!: string;
  @ApiProperty({ example: 'Centro de Atención Universal Quito Norte' })
  agencyName!: string;
  @ApiProperty({ example: '2026-12-09T19:00:00.000Z' })
  startsAt!: string;
  @ApiProperty({ example: '2026-12-08T15:30:00.000Z', description: 'Hasta cuándo está reservado' })
  expiresAt!: string;
  @ApiProperty({ enum: ['held', 'taken', 'expired'] })
  status!: 'held' | 'taken' | 'expired';
  @ApiProperty({ description: 'Reservado y todavía a tiempo de tomarlo' })
  live!: boolean;
}

export class TakenOfferDto {
  @ApiProperty({ example: 'T-1A2B3C4D5E' })
  reference!: string;
  @ApiProperty({ example: 'Centro de Atención Universal Quito Norte' })
  agencyName!: string;
  @ApiProperty({ example: '2026-12-09T19:00:00.000Z' })
  startsAt!: string;
}
