import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

/** Follow my case: the reference, the identity number and the captcha. */
export class RequestFollowCodeDto {
  @ApiProperty({ example: 'T-1A2B3C4D5E', description: 'Número de trámite, como consta en la confirmación y en los correos' })
  @Matches(/^[Tt]-[0-9A-Fa-f]{10}$/, { message: 'reference debe ser el número de trámite: T- y 10 letras o dígitos, como T-1A2B3C4D5E' })
  reference!: string;

  @ApiProperty({ example: '1712345675', description: 'Cédula, código de identificación para extranjero o pasaporte con que se reservó el trámite' })
  @Matches(/^[A-Za-z0-9]{5,20}$/, { message: 'identityNumber debe tener de 5 a 20 letras o dígitos' })
  identityNumber!: string;

  @ApiProperty({ description: 'Prueba de la verificación «No soy un robot» (local: «captchaId:respuesta»)' })
  @IsString({ message: 'captchaToken es obligatorio' })
  @IsNotEmpty({ message: 'captchaToken es obligatorio' })
  @MaxLength(4096)
  captchaToken!: string;
}

export class VerifyFollowCodeDto {
  @ApiProperty({ description: 'Identificador de la solicitud de código (respuesta de POST /public/follow-codes)' })
  @IsUUID('4', { message: 'challengeId debe ser el identificador que devolvió la solicitud del código' })
  challengeId!: string;

  @ApiProperty({ example: '482915' })
  @Matches(/^\d{6}$/, { message: 'code debe tener exactamente 6 dígitos' })
  code!: string;
}
