import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { Optional } from '../http/dto-rules';

const DECISIONS = ['same_person', 'different_person'] as const;

/** A case manager's decision of a "posible duplicado" review. */
export class ResolveDuplicateDto {
  @ApiProperty({ enum: DECISIONS, description: 'same_person: se entrega el código existente; different_person: se emite un código nuevo' })
  @IsIn(DECISIONS, { message: `decision debe ser uno de: ${DECISIONS.join(', ')}` })
  decision!: (typeof DECISIONS)[number];

  @ApiPropertyOptional({ example: '912345678906', description: 'same_person: el código de la persona coincidente (obligatorio si hay varias)' })
  @Optional()
  @Matches(/^9\d{11}$/, { message: 'code debe ser un código de identificación para extranjero de 12 dígitos que empieza con 9' })
  code?: string;

  @ApiProperty({ example: 'Mismo pasaporte anterior y fotografía; la visa es del mismo titular' })
  @IsString({ message: 'reason debe ser un texto' })
  @MinLength(3, { message: 'reason debe explicar el motivo de la decisión (3 caracteres o más)' })
  @MaxLength(500, { message: 'reason admite hasta 500 caracteres' })
  reason!: string;
}
