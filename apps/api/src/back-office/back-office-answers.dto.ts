import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OFFICER_ACCESS_EVENTS, OFFICER_ROLES, type OfficerAccessEvent, type OfficerRole } from '@tramites/persistence';

const NEXT = { description: 'El valor para antes= de la página siguiente (falta en la última)' };

/** An officer's sign-in, failed sign-in, sign-out, re-authentication or refused access (ADR 0021). */
export class OfficerAccessRowDto {
  @ApiProperty() id!: string;
  @ApiProperty() at!: string;
  @ApiProperty({ enum: OFFICER_ACCESS_EVENTS }) event!: OfficerAccessEvent;
  @ApiPropertyOptional({ nullable: true, type: String }) officerId?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'Ana Gestora Quito', description: 'Del directorio de funcionarios; null si no lo conoce' })
  officerName?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) role?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) agencyId?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) province?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'La dirección pedida (accesos rechazados)' }) path?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Por qué falló o se rechazó' }) reason?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) clientAddress?: string | null;
}

export class OfficerAccessPageDto {
  @ApiProperty({ type: [OfficerAccessRowDto] }) items!: OfficerAccessRowDto[];
  @ApiPropertyOptional(NEXT) next?: string;
}

/** A logged read of a case by an officer or an auditor. */
export class CaseReadRowDto {
  @ApiProperty() id!: string;
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty() actorId!: string;
  @ApiProperty() actorRole!: string;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'Ana Gestora Quito', description: 'Del directorio de funcionarios; null si no lo conoce' })
  actorName?: string | null;
  @ApiProperty({ example: 'desk_case_view' }) action!: string;
  @ApiProperty() at!: string;
}

export class CaseReadPageDto {
  @ApiProperty({ type: [CaseReadRowDto] }) items!: CaseReadRowDto[];
  @ApiPropertyOptional(NEXT) next?: string;
}

/** A logged use of the codec proxy (payloads decoded or encoded for the Temporal Web UI). */
export class CodecReadRowDto {
  @ApiProperty() id!: string;
  @ApiProperty() actorId!: string;
  @ApiProperty() actorRole!: string;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'Ana Gestora Quito', description: 'Del directorio de funcionarios; null si no lo conoce' })
  actorName?: string | null;
  @ApiProperty({ enum: ['decode', 'encode'] }) action!: 'decode' | 'encode';
  @ApiProperty() namespace!: string;
  @ApiProperty({ nullable: true, type: String }) workflowId!: string | null;
  @ApiProperty({ description: 'Cuántos payloads' }) payloads!: number;
  @ApiProperty() at!: string;
}

export class CodecReadPageDto {
  @ApiProperty({ type: [CodecReadRowDto] }) items!: CodecReadRowDto[];
  @ApiPropertyOptional(NEXT) next?: string;
}

/** An agency with its hours, minutes per turno and seats per turno. */
export class AdminAgencyDto {
  @ApiProperty({ example: 'UIO-NORTE' }) id!: string;
  @ApiProperty({ example: 'PICHINCHA' }) province!: string;
  @ApiProperty() name!: string;
  @ApiProperty() address!: string;
  @ApiProperty({ example: '08:00' }) opensAt!: string;
  @ApiProperty({ example: '16:30' }) closesAt!: string;
  @ApiProperty() slotMinutes!: number;
  @ApiProperty() seatsPerSlot!: number;
}

export class AdminAgencyListDto {
  @ApiProperty({ type: [AdminAgencyDto] }) items!: AdminAgencyDto[];
}

export class AgencyHolidayDto {
  @ApiProperty() agencyId!: string;
  @ApiProperty({ example: '2026-12-06' }) day!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'Quién lo declaró' }) createdBy!: string;
  @ApiProperty() createdAt!: string;
}

export class AgencyHolidayListDto {
  @ApiProperty({ type: [AgencyHolidayDto] }) items!: AgencyHolidayDto[];
}

export class HolidayAddedDto {
  @ApiProperty() agencyId!: string;
  @ApiProperty({ example: '2026-12-06' }) day!: string;
  @ApiProperty({ description: 'Turnos libres quitados de ese día' }) removedSlots!: number;
}

export class AdminDaySlotDto {
  @ApiProperty() slotId!: string;
  @ApiProperty() startsAt!: string;
  @ApiProperty() capacity!: number;
  @ApiProperty() booked!: number;
}

export class AdminDaySlotListDto {
  @ApiProperty({ type: [AdminDaySlotDto] }) items!: AdminDaySlotDto[];
}

/** An officer of the embedded identity provider (development only) and its role. */
export class ProviderOfficerDto {
  @ApiProperty() username!: string;
  @ApiProperty() sub!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: OFFICER_ROLES }) role!: OfficerRole;
  @ApiProperty({ nullable: true, type: String }) agencyId!: string | null;
  @ApiProperty({ nullable: true, type: String }) province!: string | null;
}

export class ProviderOfficerListDto {
  @ApiProperty({ type: [ProviderOfficerDto] }) items!: ProviderOfficerDto[];
}
