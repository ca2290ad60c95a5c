import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

import {
  IsIdentityNumber,
  IsPersonName,
  IsRucWhenNumeric,
  IsTextRecord,
  Optional,
  OptionalLocale,
  RequiredNested,
  type ApplicantLocale,
} from '../http/dto-rules';

const IDENTITY = /^(\d{10}|9\d{11})$/;

export class StartAffiliatePasswordDto {
  @ApiProperty({ example: '1710034065', description: 'Cédula (10 dígitos) o código de identificación para extranjero (12 dígitos, empieza con 9)' })
  @Matches(IDENTITY, {
    message: 'identityNumber debe ser una cédula (10 dígitos) o un código de identificación para extranjero (12 dígitos que empiezan con 9)',
  })
  @IsIdentityNumber('identityNumber')
  identityNumber!: string;

  @ApiProperty({ description: 'Prueba de la verificación «No soy un robot» (local: «captchaId:respuesta»)' })
  @IsString({ message: 'captchaToken es obligatorio' })
  @IsNotEmpty({ message: 'captchaToken es obligatorio' })
  @MaxLength(4096)
  captchaToken!: string;

  @OptionalLocale()
  locale?: ApplicantLocale;
}

export class IdentityAnswersDto {
  @ApiProperty({ description: 'Número de la ronda de preguntas que se responde (identityCheck.ordinal)' })
  @IsInt({ message: 'ordinal debe ser un número entero' })
  @Min(1, { message: 'ordinal debe ser 1 o mayor' })
  ordinal!: number;

  @ApiProperty({ example: 17 })
  @IsInt({ message: 'birthDay debe ser un número entero' })
  @Min(1, { message: 'birthDay debe estar entre 1 y 31' })
  @Max(31, { message: 'birthDay debe estar entre 1 y 31' })
  birthDay!: number;

  @ApiProperty({ example: 4 })
  @IsInt({ message: 'birthMonth debe ser un número entero' })
  @Min(1, { message: 'birthMonth debe estar entre 1 y 12' })
  @Max(12, { message: 'birthMonth debe estar entre 1 y 12' })
  birthMonth!: number;

  @ApiProperty({ example: { W1: 'Comercial Andina S.A.', W2: '2015' }, description: 'Respuesta elegida por pregunta de historia laboral' })
  @IsObject({ message: 'workHistory debe ser un objeto { idPregunta: respuesta }' })
  @IsTextRecord('workHistory')
  workHistory!: Record<string, string>;

  @ApiPropertyOptional({ example: { P1: 'Firulais', P2: 'Loja' }, description: 'Respuestas a las preguntas personales (no se piden en la primera generación)' })
  @Optional()
  @IsObject({ message: 'personal debe ser un objeto { idPregunta: respuesta }' })
  @IsTextRecord('personal')
  personal?: Record<string, string>;
}

export class ConfirmEmailDto {
  @ApiProperty({ example: 'ana.perez@example.ec', description: 'El correo registrado (confirmación) u otro (cambio)' })
  @IsEmail({}, { message: 'email debe ser un correo electrónico válido' })
  @MaxLength(254)
  email!: string;
}

export class LinkTokenDto {
  @ApiProperty({ description: 'El token del enlace recibido por correo (lo que sigue a #token=)' })
  @Matches(/^[A-Za-z0-9_-]{20,128}$/, { message: 'token no tiene el formato de un enlace de clave' })
  token!: string;
}

export class PersonalAnswerDto {
  @ApiProperty({ example: 'P1' })
  @Matches(/^P\d{1,2}$/, { message: 'questionId debe ser el identificador de una pregunta personal (P1, P2, ...)' })
  questionId!: string;

  @ApiProperty({ example: 'Firulais' })
  @IsString()
  @MaxLength(120, { message: 'answer es demasiado largo (120 caracteres máximo)' })
  answer!: string;
}

export class SetPasswordDto extends LinkTokenDto {
  @ApiProperty({ description: 'Mínimo 8 caracteres, solo letras y números (al menos una letra y un número)' })
  @IsString({ message: 'password es obligatorio' })
  @MaxLength(128, { message: 'password es demasiado largo (128 caracteres máximo)' })
  password!: string;

  @ApiProperty()
  @IsString({ message: 'passwordConfirmation es obligatorio' })
  passwordConfirmation!: string;

  @ApiPropertyOptional({ description: '003: aceptación de la «Declaración de información fidedigna»' })
  @Optional()
  @IsBoolean({ message: 'declarationAccepted debe ser verdadero o falso' })
  declarationAccepted?: boolean;

  @ApiPropertyOptional({ type: [PersonalAnswerDto], description: '003, primera generación: dos preguntas personales con su respuesta' })
  @Optional()
  @IsArray({ message: 'personalAnswers debe ser una lista' })
  @ArrayMaxSize(2, { message: 'personalAnswers debe tener exactamente 2 respuestas' })
  @ValidateNested({ each: true })
  @Type(() => PersonalAnswerDto)
  personalAnswers?: PersonalAnswerDto[];
}

export class UnlockDto {
  @ApiProperty({ example: 'El afiliado se presentó con su cédula en la agencia' })
  @IsString({ message: 'reason es obligatorio' })
  @Matches(/\S.{3,}/, { message: 'reason debe explicar el desbloqueo (al menos 4 caracteres)' })
  @MaxLength(500)
  reason!: string;
}

export class FilerDto {
  @ApiProperty({ example: '1710034065', description: 'Cédula, código de identificación para extranjero o pasaporte de quien presenta' })
  @Matches(/^[A-Za-z0-9]{5,20}$/, { message: 'filer.identityNumber debe tener de 5 a 20 letras o dígitos' })
  identityNumber!: string;

  @ApiProperty({ example: 'Carlos Andrés Vera Mora', minLength: 1, maxLength: 120 })
  @IsPersonName('filer.fullName')
  fullName!: string;

  @ApiPropertyOptional({ enum: ['cedula', 'foreigner_code', 'passport'], description: 'Ventanilla: el documento de identidad que muestra quien presenta' })
  @Optional()
  @IsIn(['cedula', 'foreigner_code', 'passport'], { message: 'filer.identityType debe ser cedula, foreigner_code o passport' })
  identityType?: 'cedula' | 'foreigner_code' | 'passport';
}

export class StartEmployerPasswordDto {
  @ApiProperty({ enum: ['in_person', 'virtual'], description: 'Ventanilla (en la agencia, por un funcionario) o Ventanilla Virtual (en línea)' })
  @IsIn(['in_person', 'virtual'], { message: 'channel debe ser in_person o virtual' })
  channel!: 'in_person' | 'virtual';

  @ApiProperty({ example: '1790016919001', description: 'RUC; el empleador extranjero usa su código de identificación, pasaporte o visa' })
  @Matches(/^[A-Za-z0-9]{5,20}$/, { message: 'employerId debe ser un RUC (13 dígitos) o el documento del empleador extranjero (5 a 20 letras o dígitos)' })
  @IsRucWhenNumeric('employerId')
  employerId!: string;

  @ApiProperty({ enum: ['legal_representative', 'employer', 'authorised_third_party'] })
  @IsIn(['legal_representative', 'employer', 'authorised_third_party'], {
    message: 'filerRole debe ser legal_representative, employer o authorised_third_party',
  })
  filerRole!: 'legal_representative' | 'employer' | 'authorised_third_party';

  @ApiProperty({ type: FilerDto })
  @RequiredNested(() => FilerDto, 'filer')
  filer!: FilerDto;

  @ApiPropertyOptional({ description: 'Ventanilla: referencia de la «Confirmación del Turno en Línea»' })
  @Optional()
  @IsString({ message: 'appointmentReference debe ser texto' })
  @Matches(/^[A-Za-z0-9-]{3,40}$/, {
    message: 'appointmentReference debe tener de 3 a 40 letras, números o guiones (la referencia impresa en la confirmación)',
  })
  appointmentReference?: string;

  @ApiPropertyOptional({ description: 'Ventanilla Virtual: prueba del captcha' })
  @Optional()
  @IsString()
  @MaxLength(4096)
  captchaToken?: string;

  @OptionalLocale()
  locale?: ApplicantLocale;
}

const UPLOAD_KINDS = [
  'ruc',
  'key_delivery_request',
  'cedula',
  'responsibility_agreement',
  'foreigner_code_certificate',
  'passport',
  'visa',
  'artisan_qualification',
] as const;

export class SubmittedUploadDto {
  @ApiProperty()
  @IsUUID('all', { message: 'documentId debe ser el identificador (UUID) de un archivo cargado' })
  documentId!: string;

  @ApiProperty({ enum: UPLOAD_KINDS })
  @IsIn(UPLOAD_KINDS, { message: `kind debe ser uno de: ${UPLOAD_KINDS.join(', ')}` })
  kind!: (typeof UPLOAD_KINDS)[number];

  @ApiPropertyOptional({ enum: ['legal_representative', 'employer', 'holder'] })
  @Optional()
  @IsIn(['legal_representative', 'employer', 'holder'], { message: 'belongsTo debe ser legal_representative, employer o holder' })
  belongsTo?: 'legal_representative' | 'employer' | 'holder';
}

export class SubmitUploadsDto {
  @ApiProperty({ type: [SubmittedUploadDto] })
  @IsArray({ message: 'uploads debe ser una lista' })
  @ArrayMinSize(1, { message: 'uploads debe tener al menos un documento' })
  @ArrayMaxSize(12)
  @ValidateNested({ each: true })
  @Type(() => SubmittedUploadDto)
  uploads!: SubmittedUploadDto[];

  @ApiProperty({ example: 'Solicito la clave patronal del portal IESS.', description: 'Detalle del pedido (formulario de Recepción de trámites)' })
  @IsString()
  @IsNotEmpty({ message: 'requestDetail es obligatorio' })
  @MaxLength(2000)
  requestDetail!: string;

  @ApiPropertyOptional({
    example: '1790016919001',
    description: 'Número de RUC del empleador que el registro conoce por otro documento (pasaporte, visa o código de extranjero); se valida en el checklist',
  })
  @Optional()
  @Matches(/^\d{13}$/, { message: 'ruc debe tener 13 dígitos' })
  ruc?: string;
}

export class OfficeReviewDto {
  @ApiProperty({ enum: ['approve', 'observe', 'reject'] })
  @IsIn(['approve', 'observe', 'reject'], { message: 'decision debe ser approve, observe o reject' })
  decision!: 'approve' | 'observe' | 'reject';

  @ApiPropertyOptional({ description: 'Obligatorio al observar o negar' })
  @Optional()
  @IsString()
  @MaxLength(2000)
  observations?: string;
}
