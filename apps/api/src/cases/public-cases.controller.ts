import { randomUUID } from 'node:crypto';
import { Body, Controller, Headers, Inject, Ip, Post, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { checkIdempotencyKey } from '../access/idempotency-key';
import { Public } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { PublicRateLimit } from '../auth/rate-limit';
import { TokenService } from '../auth/token.service';
import { ApiConfig } from '../config/api.config';
import { CAPTCHA_VERIFIER, type CaptchaVerifier } from '../credentials/captcha';
import { ApiError } from '../errors/api-error';
import { CasesService } from './cases.service';
import { PublicOpenCaseDto, type OpenCaseDto } from './open-case.dto';

export class PublicCaseStartDto {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ description: 'false: el mismo trámite ya se había creado con esta clave' }) created!: boolean;
  /** Reaches only this case (`caseId` claim); send it as `Authorization: Bearer`. */
  @ApiProperty({ description: 'Llega solo a este trámite; envíelo como Authorization: Bearer' }) accessToken!: string;
  @ApiProperty() expiresInSeconds!: number;
}

/**
 * 000-002: the applicant starts an in-person case with nothing but an email (sheets 000-002,
 * "Verificar IESS turno online"), as 003/004 already do: captcha, rate limit, and a token that
 * reaches only the case it opened. The emailed code is verified with that token.
 */
@ApiTags('cases')
@Controller('public/cases')
export class PublicCasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly tokens: TokenService,
    private readonly config: ApiConfig,
    @Inject(CAPTCHA_VERIFIER) private readonly captcha: CaptchaVerifier,
  ) {}

  @Post()
  @Public()
  @PublicRateLimit()
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Clave única por intento de inicio: un reintento con la misma clave devuelve el mismo trámite',
  })
  @ApiOperation({
    summary:
      '000-002: inicia un trámite presencial sin cuenta (captcha); se envía el código de verificación al correo y se entrega un token que alcanza solo este trámite',
  })
  @ApiResponse({ status: 201, type: PublicCaseStartDto, description: 'Trámite creado; el código de verificación va al correo' })
  @ApiResponse({ status: 200, type: PublicCaseStartDto, description: 'El mismo trámite ya se había creado con esta clave' })
  @ApiResponse({ status: 409, description: 'La clave ya inició otro trámite con datos distintos (CASE.ALREADY_EXISTS)' })
  async open(
    @Body() dto: PublicOpenCaseDto,
    @Ip() ip: string,
    @Res({ passthrough: true }) res: Response,
    @Headers('idempotency-key') key?: string,
  ): Promise<PublicCaseStartDto> {
    const idempotencyKey = checkIdempotencyKey(key);
    if (!(await this.captcha.verify(dto.captchaToken, ip))) {
      throw new ApiError(
        'CAPTCHA.FAILED',
        'La verificación «No soy un robot» no es válida o ya se usó; resuélvala nuevamente.',
        { fields: [{ field: 'captchaToken', message: 'captchaToken no es válido, expiró o ya se usó' }] },
        400,
      );
    }
    const { identityNumber, captchaToken: _captcha, locale, ...rest } = dto;
    const principal: Principal = { sub: identityNumber, role: 'applicant' };
    // Without a key every start is a new case: the same data typed by someone else never finds it.
    const result = await this.cases.open(principal, rest as OpenCaseDto, idempotencyKey ?? randomUUID(), locale);
    const ttl = this.config.values.CASE_TOKEN_MINUTES * 60;
    const accessToken = await this.tokens.sign({ ...principal, caseId: result.caseId }, ttl);
    res.status(result.created ? 201 : 200);
    return { ...result, accessToken, expiresInSeconds: ttl };
  }
}
