import { Body, Controller, HttpCode, Inject, Ip, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.guard';
import { PublicRateLimit } from '../auth/rate-limit';
import { CAPTCHA_VERIFIER, type CaptchaVerifier } from '../credentials/captcha';
import { ApiError } from '../errors/api-error';
import { RequestFollowCodeDto, VerifyFollowCodeDto } from './follow.dto';
import { FollowChallengeDto, FollowOpenedDto } from './follow-answers.dto';
import { FollowService } from './follow.service';

/**
 * Follow my case (ADR 0017): the reference and the identity number, a captcha,
 * an emailed one-time code, and the token that reaches only that case. The same answer
 * whether or not the reference matched: nobody learns which references exist.
 */
@ApiTags('follow')
@Controller('public/follow-codes')
export class FollowController {
  constructor(
    private readonly follow: FollowService,
    @Inject(CAPTCHA_VERIFIER) private readonly captcha: CaptchaVerifier,
  ) {}

  @Post()
  @HttpCode(202)
  @Public()
  @PublicRateLimit()
  @ApiOperation({
    summary: 'Consultar mi trámite: con el número de trámite y el de identificación (captcha), se envía un código de un solo uso al correo del trámite',
  })
  @ApiResponse({
    status: 202,
    type: FollowChallengeDto,
    description: 'Siempre la misma respuesta: si los datos corresponden a un trámite, el código va a su correo',
  })
  async request(@Body() dto: RequestFollowCodeDto, @Ip() ip: string): Promise<FollowChallengeDto> {
    if (!(await this.captcha.verify(dto.captchaToken, ip))) {
      throw new ApiError(
        'CAPTCHA.FAILED',
        'La verificación «No soy un robot» no es válida o ya se usó; resuélvala nuevamente.',
        { fields: [{ field: 'captchaToken', message: 'captchaToken no es válido, expiró o ya se usó' }] },
        400,
      );
    }
    return this.follow.request(dto.reference.toUpperCase(), dto.identityNumber);
  }

  @Post('verification')
  @HttpCode(200)
  @Public()
  @PublicRateLimit()
  @ApiOperation({ summary: 'Consultar mi trámite: el código recibido entrega un token que alcanza solo ese trámite' })
  @ApiOkResponse({ type: FollowOpenedDto })
  @ApiResponse({ status: 422, description: 'FOLLOW.CODE_INVALID, con attemptsLeft' })
  @ApiResponse({ status: 410, description: 'FOLLOW.CODE_EXPIRED: vencido, usado o sin intentos; pida otro código' })
  verify(@Body() dto: VerifyFollowCodeDto): Promise<FollowOpenedDto> {
    return this.follow.verify(dto.challengeId, dto.code);
  }
}
