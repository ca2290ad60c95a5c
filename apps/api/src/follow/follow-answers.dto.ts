import { ApiProperty } from '@nestjs/swagger';

export class FollowChallengeDto {
  @ApiProperty({ format: 'uuid', description: 'Nombra este pedido de código; envíelo de vuelta con el código' }) challengeId!: string;
  @ApiProperty() expiresInSeconds!: number;
}

export class FollowOpenedDto {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ description: 'Llega solo a este trámite; envíelo como Authorization: Bearer' }) accessToken!: string;
  @ApiProperty() expiresInSeconds!: number;
}
