import { ApiProperty } from '@nestjs/swagger';

/** An agency (Centro de Atención Universal) with its hours. */
export class AgencyDto {
  @ApiProperty({ example: 'UIO-NORTE' }) id!: string;
  @ApiProperty({ example: 'PICHINCHA' }) province!: string;
  @ApiProperty() name!: string;
  @ApiProperty() address!: string;
  @ApiProperty({ example: '08:00' }) opensAt!: string;
  @ApiProperty({ example: '16:30' }) closesAt!: string;
}

export class AgencyListDto {
  @ApiProperty({ type: [AgencyDto] }) items!: AgencyDto[];
}

/** A turno of the day with its seats. */
export class SlotAvailabilityDto {
  @ApiProperty() slotId!: string;
  @ApiProperty({ example: 'UIO-NORTE' }) agencyId!: string;
  @ApiProperty() startsAt!: string;
  @ApiProperty() capacity!: number;
  @ApiProperty() booked!: number;
  @ApiProperty({ description: 'Cupos libres' }) available!: number;
}

export class SlotAvailabilityListDto {
  @ApiProperty({ type: [SlotAvailabilityDto] }) items!: SlotAvailabilityDto[];
}
