import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ActorRole, PoderStatus } from '@tramites/contracts';
import type { ReasonCategory, ReasonCode } from '@tramites/domain';

export class PoderActorDto {
  @ApiProperty({ example: 'legal-pichincha-1' }) id!: string;
  @ApiProperty({ example: 'legal_unit' }) role!: ActorRole;
  @ApiPropertyOptional() agencyId?: string;
  @ApiPropertyOptional({ example: 'PICHINCHA' }) province?: string;
}

export class PoderReasonDto {
  @ApiProperty({ example: 'PODER_EXPIRED' }) code!: ReasonCode;
  @ApiProperty({ enum: ['observation', 'rejection'] }) category!: ReasonCategory;
  @ApiProperty({ description: 'El motivo, en palabras' }) message!: string;
}

/** A poder's review as its workflow answers it (PoderView in libs/contracts), after the legal unit's decision. */
export class PoderViewDto {
  @ApiProperty({ example: '1790016919001:0912345675:2026-17-01-P01234' }) poderId!: string;
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ example: 'PICHINCHA' }) province!: string;
  @ApiProperty({ enum: ['pending', 'endorsed', 'rejected'] }) status!: PoderStatus;
  @ApiProperty() requestedAt!: string;
  @ApiProperty({ description: 'Plazo de la unidad jurídica' }) dueAt!: string;
  @ApiPropertyOptional() remindedAt?: string;
  @ApiPropertyOptional() escalatedAt?: string;
  @ApiPropertyOptional() decidedAt?: string;
  @ApiPropertyOptional({ type: PoderActorDto }) decidedBy?: PoderActorDto;
  @ApiPropertyOptional({ type: PoderReasonDto, description: 'El motivo del rechazo' }) reason?: PoderReasonDto;
  @ApiPropertyOptional({ description: 'Tiempo hábil que tomó la unidad jurídica, en milisegundos' }) businessMsTaken?: number;
  @ApiPropertyOptional({ description: 'AAAA-MM-DD: hasta cuándo vale la sumilla' }) validUntil?: string;
  @ApiProperty({ description: 'Eventos registrados de la revisión' }) eventCount!: number;
}
