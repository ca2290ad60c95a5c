import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import { Optional } from '../http/dto-rules';

/** What the desk read from the confirmation: its QR's text, or the reference typed. */
export class ArrivalDto {
  @ApiPropertyOptional({ description: 'El texto del código QR de la «Confirmación del Turno en Línea» (firmado)' })
  @Optional()
  @IsString()
  @MaxLength(1024, { message: 'pass es demasiado largo (1024 caracteres máximo)' })
  pass?: string;

  @ApiPropertyOptional({ example: 'T-1A2B3C4D5E', description: 'El número de trámite impreso en la confirmación' })
  @Optional()
  @Matches(/^\s*[Tt]-?[0-9A-Fa-f]{10}\s*$/, { message: 'reference debe ser el número de trámite: T- y 10 caracteres (0-9, A-F)' })
  reference?: string;
}

export class WindowDto {
  @ApiProperty({ example: '3', description: 'El número de la ventanilla que llama' })
  @Matches(/^[0-9A-Za-z]{1,4}$/, { message: 'windowNumber debe ser el número de la ventanilla (1 a 4 letras o dígitos)' })
  windowNumber!: string;
}

export class ArrivalAnswerDto {
  @ApiProperty() caseId!: string;
  @ApiProperty({ example: 'T-1A2B3C4D5E' }) reference!: string;
  @ApiProperty({ description: 'Ya se había registrado su llegada hoy' }) alreadyArrived!: boolean;
  @ApiProperty({ example: 'checked_in' }) status!: string;
  @ApiProperty({ description: 'Nombre del titular, para que el funcionario lo compare con su documento' }) holderName!: string;
}

export class ArrivalPassDto {
  @ApiProperty({ description: 'El texto del código QR: una declaración firmada (Ed25519) con la referencia, la agencia y el día del turno' }) pass!: string;
  @ApiProperty({ example: 'T-1A2B3C4D5E' }) reference!: string;
  @ApiProperty() agencyId!: string;
  @ApiProperty({ example: '2026-12-14' }) day!: string;
}

export class WaitingTurnoDto {
  @ApiProperty() caseId!: string;
  @ApiProperty({ example: 'T-1A2B3C4D5E' }) turno!: string;
  @ApiProperty() arrivedAt!: string;
  @ApiProperty({ nullable: true, type: String, enum: ['elderly', 'disabled', 'pregnant'], description: 'Grupo vulnerable (001): se llama primero' })
  vulnerableGroup!: string | null;
  @ApiProperty({ nullable: true, type: String }) calledAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) windowNumber!: string | null;
  @ApiProperty() callCount!: number;
  @ApiProperty({ nullable: true, type: String }) noShowAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) attendedAt!: string | null;
}

export class CallingBoardDto {
  @ApiProperty() agencyId!: string;
  @ApiProperty({ example: '2026-12-14' }) date!: string;
  @ApiProperty({ type: [WaitingTurnoDto], description: 'En espera, en el orden en que se llaman' }) waiting!: WaitingTurnoDto[];
  @ApiProperty({ type: [WaitingTurnoDto], description: 'Llamados y todavía sin atender, el más reciente primero' }) called!: WaitingTurnoDto[];
  @ApiProperty({ type: [WaitingTurnoDto], description: 'Llamados que no se presentaron' }) noShows!: WaitingTurnoDto[];
}

export class ScreenCallDto {
  @ApiProperty({ example: 'T-1A2B3C4D5E' }) turno!: string;
  @ApiProperty({ example: '3' }) windowNumber!: string;
  @ApiProperty() calledAt!: string;
  @ApiProperty() callCount!: number;
}

export class CallingScreenDto {
  @ApiProperty() agencyId!: string;
  @ApiProperty() agencyName!: string;
  @ApiProperty({ example: '2026-12-14' }) date!: string;
  @ApiProperty({ type: [ScreenCallDto], description: 'Los últimos llamados, el más reciente primero: solo turno y ventanilla' }) calls!: ScreenCallDto[];
}
