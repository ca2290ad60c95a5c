import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsIn, IsISO8601, Matches } from 'class-validator';
import { IsPersonName, Optional, RequiredNested } from '../http/dto-rules';
import { FILER_IDENTITY_TYPES, OpenCaseDto } from './open-case.dto';

/** The person at the counter who files, as the officer saw their identity document. */
export class DeskFilerDto {
  @ApiProperty({ example: '1712345675', description: 'Número del documento de identidad que mostró quien presenta' })
  @Matches(/^[A-Za-z0-9]{5,20}$/, { message: 'filer.identityNumber debe tener de 5 a 20 letras o dígitos' })
  identityNumber!: string;

  @ApiProperty({ enum: FILER_IDENTITY_TYPES, description: 'Qué documento de identidad mostró quien presenta' })
  @IsIn(FILER_IDENTITY_TYPES, { message: `filer.identityType debe ser uno de: ${FILER_IDENTITY_TYPES.join(', ')}` })
  identityType!: (typeof FILER_IDENTITY_TYPES)[number];

  @ApiProperty({ example: 'Ana Lucía Torres Vega', minLength: 1, maxLength: 120 })
  @IsPersonName('filer.fullName')
  fullName!: string;
}

/**
 * A turno booked at the desk on the applicant's behalf (ADR 0030): the same start as the online
 * booking (its eligibility, one person one code, the email and mobile the person gives), at the
 * officer's agency, on `day` (today when omitted).
 */
export class DeskBookingDto extends OmitType(OpenCaseDto, ['walkIn'] as const) {
  @ApiProperty({ type: DeskFilerDto })
  @RequiredNested(() => DeskFilerDto, 'filer')
  filer!: DeskFilerDto;

  @ApiPropertyOptional({ example: '2026-12-09', description: 'Día del turno (AAAA-MM-DD); hoy si falta' })
  @Optional()
  @IsISO8601({ strict: true }, { message: 'day debe ser una fecha AAAA-MM-DD' })
  day?: string;
}

export class DeskBookingAppointmentDto {
  @ApiProperty({ example: 'T-1A2B3C4D' }) reference!: string;
  @ApiProperty({ example: 'UIO-NORTE' }) agencyId!: string;
  @ApiProperty({ example: 'Quito Norte' }) agencyName!: string;
  @ApiProperty({ example: '2026-12-09T13:30:00.000Z' }) startsAt!: string;
}

export class DeskBookingResultDto {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ description: 'false: la misma reserva ya se había hecho con esta clave' }) created!: boolean;
  @ApiProperty({ type: DeskBookingAppointmentDto }) appointment!: DeskBookingAppointmentDto;
  @ApiProperty({ description: 'true: el turno es de hoy y la llegada quedó registrada; el trámite está listo para la ventanilla' })
  checkedIn!: boolean;
  @ApiProperty({ example: 'ana.torres@example.ec', description: 'Adonde se envió la confirmación del turno' }) email!: string;
}
