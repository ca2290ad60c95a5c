import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsEmail, IsIn, IsISO8601, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import {
  IsBirthDate,
  IsEmployerNumber,
  IsNationality,
  IsPersonName,
  IsProvince,
  NATIONALITY_CODES,
  Optional,
  OptionalLocale,
  OptionalNested,
  RequiredNested,
  type ApplicantLocale,
} from '../http/dto-rules';

const PROCEDURES = ['FOREIGNER_CODE', 'FOREIGNER_CODE_EMPLOYMENT', 'NON_AFFILIATION_CERTIFICATE'] as const;
const FILER_ROLES = ['holder', 'employer', 'attorney', 'authorised_third_party'] as const;
/** The identity documents a filer shows at the window: cédula, foreigner code, passport, visa (sheets 000-002). */
export const FILER_IDENTITY_TYPES = ['cedula', 'foreigner_code', 'passport', 'visa'] as const;

export class BookerDto {
  @ApiProperty({ example: 'ana.perez@example.ec', description: 'Correo al que llegan el código y cada novedad' })
  @IsEmail({}, { message: 'booker.email debe ser un correo electrónico válido' })
  email!: string;

  @ApiProperty({ example: '0991234567', description: 'Celular ecuatoriano (09XXXXXXXX)' })
  @Matches(/^(09\d{8}|\+5939\d{8})$/, { message: 'booker.mobile debe ser un celular ecuatoriano: 09 y 8 dígitos' })
  mobile!: string;
}

export class HolderDto {
  @ApiProperty({ example: 'María José Pérez Gómez', minLength: 1, maxLength: 120, description: 'Con al menos una letra' })
  @IsPersonName('holder.fullName')
  fullName!: string;

  @ApiProperty({
    example: 'VEN',
    enum: NATIONALITY_CODES,
    description: 'Nacionalidad: código ISO 3166-1 alfa-3, o de OACI 9303 (XXA apátrida, XXB refugiado, ...)',
  })
  @IsNationality('holder.nationality')
  nationality!: string;

  @ApiProperty({ enum: ['passport', 'visa', 'home_country_id'] })
  @IsIn(['passport', 'visa', 'home_country_id'], { message: 'holder.documentType debe ser passport, visa o home_country_id' })
  documentType!: 'passport' | 'visa' | 'home_country_id';

  @ApiProperty({ example: 'AB1234567' })
  @Matches(/^[A-Za-z0-9 -]{5,20}$/, { message: 'holder.documentNumber debe tener de 5 a 20 letras o dígitos' })
  documentNumber!: string;

  @ApiProperty({ example: '1990-04-12', description: 'Fecha de nacimiento AAAA-MM-DD (no futura)' })
  @IsBirthDate('holder.birthDate')
  birthDate!: string;
}

export class PoderDto {
  @ApiProperty({ example: '1790016919001', description: 'RUC o cédula del empleador que otorgó el poder' })
  @IsEmployerNumber('poder.employerId')
  employerId!: string;

  @ApiProperty({ example: 'Luis Alberto Mena Vera', minLength: 1, maxLength: 120 })
  @IsPersonName('poder.attorneyName')
  attorneyName!: string;

  @ApiProperty({ example: '2026-17-01-P01234' })
  @IsString()
  @IsNotEmpty({ message: 'poder.deedNumber es obligatorio' })
  @MaxLength(60)
  deedNumber!: string;

  @ApiProperty({ example: 'Notaría Primera del cantón Quito' })
  @IsString()
  @IsNotEmpty({ message: 'poder.notary es obligatorio' })
  @MaxLength(200)
  notary!: string;

  @ApiPropertyOptional({ example: '2027-12-31' })
  @Optional()
  @IsISO8601({ strict: true }, { message: 'poder.validUntil debe ser una fecha AAAA-MM-DD' })
  validUntil?: string;
}

export class WalkInDto {
  @ApiProperty({ example: 'UIO-NORTE' })
  @Matches(/^[A-Z0-9-]{2,40}$/, { message: 'walkIn.agencyId debe ser el código de una agencia (letras mayúsculas, dígitos y guiones)' })
  agencyId!: string;

  @ApiProperty({ enum: ['elderly', 'disabled', 'pregnant'] })
  @IsIn(['elderly', 'disabled', 'pregnant'], { message: 'walkIn.vulnerableGroup debe ser elderly, disabled o pregnant' })
  vulnerableGroup!: 'elderly' | 'disabled' | 'pregnant';

  @ApiProperty({ example: '1712345675', description: 'Cédula o documento de quien es atendido' })
  @Matches(/^[A-Za-z0-9]{5,20}$/, { message: 'walkIn.identityNumber debe tener de 5 a 20 letras o dígitos' })
  identityNumber!: string;

  @ApiPropertyOptional({ enum: FILER_IDENTITY_TYPES, description: 'Qué documento de identidad mostró quien presenta' })
  @Optional()
  @IsIn(FILER_IDENTITY_TYPES, { message: `walkIn.identityType debe ser uno de: ${FILER_IDENTITY_TYPES.join(', ')}` })
  identityType?: (typeof FILER_IDENTITY_TYPES)[number];

  @ApiPropertyOptional({ example: 'Ana Lucía Torres Vega', description: 'Nombres y apellidos de quien presenta' })
  @Optional()
  @IsPersonName('walkIn.fullName')
  fullName?: string;
}

/** Start of a case. The applicant's identity number is the token's subject. */
export class OpenCaseDto {
  @ApiProperty({ enum: PROCEDURES, example: 'FOREIGNER_CODE' })
  @IsIn(PROCEDURES, { message: `procedure debe ser uno de: ${PROCEDURES.join(', ')}` })
  procedure!: (typeof PROCEDURES)[number];

  @ApiProperty({ example: 'PICHINCHA' })
  @Matches(/^[A-ZÁÉÍÓÚÑ ]{3,40}$/, { message: 'province debe ser el nombre de una provincia en mayúsculas' })
  @IsProvince('province')
  province!: string;

  @ApiProperty({ enum: FILER_ROLES, example: 'holder' })
  @IsIn(FILER_ROLES, { message: `filerRole debe ser uno de: ${FILER_ROLES.join(', ')}` })
  filerRole!: (typeof FILER_ROLES)[number];

  @ApiProperty({ type: BookerDto })
  @RequiredNested(() => BookerDto, 'booker')
  booker!: BookerDto;

  @ApiProperty({ type: HolderDto })
  @RequiredNested(() => HolderDto, 'holder')
  holder!: HolderDto;

  @ApiPropertyOptional({ example: '1790016919001' })
  @Optional()
  @IsEmployerNumber('employerId')
  employerId?: string;

  @ApiPropertyOptional({ type: PoderDto, description: 'Cuando actúa un apoderado (001)' })
  @OptionalNested(() => PoderDto, 'poder')
  poder?: PoderDto;

  @ApiPropertyOptional({ type: WalkInDto, description: 'Solo el gestor: grupos vulnerables atendidos sin turno (001, NOTA), con quien presenta' })
  @OptionalNested(() => WalkInDto, 'walkIn')
  walkIn?: WalkInDto;
}

/**
 * 000-002, "Verificar IESS turno online": the anonymous start of an in-person case. The
 * applicant gives the identity number here (no token yet) and proves the captcha; the
 * answer carries a token that reaches only this case.
 */
export class PublicOpenCaseDto extends OmitType(OpenCaseDto, ['walkIn'] as const) {
  @ApiProperty({ example: '1712345675', description: 'Cédula, código de identificación para extranjero o pasaporte de quien reserva el turno' })
  @Matches(/^[A-Za-z0-9]{5,20}$/, { message: 'identityNumber debe tener de 5 a 20 letras o dígitos' })
  identityNumber!: string;

  @ApiProperty({ description: 'Prueba de la verificación «No soy un robot» (local: «captchaId:respuesta»)' })
  @IsString({ message: 'captchaToken es obligatorio' })
  @IsNotEmpty({ message: 'captchaToken es obligatorio' })
  @MaxLength(4096)
  captchaToken!: string;

  @OptionalLocale()
  locale?: ApplicantLocale;
}
