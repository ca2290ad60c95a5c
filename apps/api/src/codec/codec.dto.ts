import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, IsObject, IsString, ValidateBy, ValidateNested } from 'class-validator';
import { Optional } from '../http/dto-rules';

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;
const isBase64 = (v: unknown): boolean => typeof v === 'string' && BASE64.test(v);

/** A Temporal payload in proto3 JSON: metadata values and data in base64 (Temporal's codec server protocol). */
export class JsonPayloadDto {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', format: 'byte' },
    example: { encoding: 'YmluYXJ5L2VuY3J5cHRlZA==', 'encryption-key-id': 'ZGV2LXB1YmxpYw==' },
    description: 'Metadatos del payload; cada valor en base64',
  })
  @Optional()
  @IsObject({ message: 'metadata debe ser un objeto' })
  @ValidateBy({
    name: 'isBase64Map',
    validator: {
      validate: (v: unknown) => !!v && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every(isBase64),
      defaultMessage: () => 'metadata debe tener cada valor en base64',
    },
  })
  metadata?: Record<string, string>;

  @ApiPropertyOptional({ type: 'string', format: 'byte', description: 'Datos del payload en base64' })
  @Optional()
  @IsString({ message: 'data debe ser un texto en base64' })
  @ValidateBy({ name: 'isBase64', validator: { validate: isBase64, defaultMessage: () => 'data debe ser un texto en base64' } })
  data?: string;
}

export class CodecRequestDto {
  @ApiProperty({ type: [JsonPayloadDto], description: 'Payloads a codificar o decodificar (a lo sumo 1000)' })
  @IsDefined({ message: 'payloads es obligatorio' })
  @IsArray({ message: 'payloads debe ser una lista' })
  @ArrayMaxSize(1000, { message: 'payloads admite a lo sumo 1000 elementos' })
  @IsObject({ each: true, message: 'cada elemento de payloads debe ser un objeto' })
  @ValidateNested({ each: true })
  @Type(() => JsonPayloadDto)
  payloads!: JsonPayloadDto[];
}

export class CodecResponseDto {
  @ApiProperty({ type: [JsonPayloadDto] })
  payloads!: JsonPayloadDto[];
}
