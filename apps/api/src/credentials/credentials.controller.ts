import { Body, Controller, Get, Headers, HttpCode, Inject, Ip, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { officeReviewUpdate, resendLinkUpdate, submitUploadsUpdate, type CredentialCaseView } from '@tramites/contracts';
import type { Request, Response } from 'express';
import { CaseUpdates } from '../access/case-updates';
import { checkIdempotencyKey } from '../access/idempotency-key';
import { CurrentPrincipal, Public, RequiresRecentAuth, Roles } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { PublicRateLimit } from '../auth/rate-limit';
import { ApiError } from '../errors/api-error';
import { CAPTCHA_VERIFIER, LocalCaptcha, type CaptchaVerifier } from './captcha';
import {
  ConfirmEmailDto,
  IdentityAnswersDto,
  LinkTokenDto,
  OfficeReviewDto,
  SetPasswordDto,
  StartAffiliatePasswordDto,
  StartEmployerPasswordDto,
  SubmitUploadsDto,
  UnlockDto,
} from './credentials.dto';
import { CredentialsService } from './credentials.service';
import { CredentialStatusDto, CredentialUnlockedDto, LinkInspectionDto, PasswordSetDto } from './credential-answers.dto';

const caseIdPipe = new ParseUUIDPipe({
  exceptionFactory: () =>
    new ApiError('VALIDATION.FAILED', 'caseId debe ser un UUID', { fields: [{ field: 'caseId', message: 'caseId debe ser un UUID' }] }, 400),
});
const IDENTITY = /^(\d{10}|9\d{11})$/;

/**
 * Portal passwords: 003 (affiliate, online) and 004 (employer, window or Ventanilla Virtual).
 * Public steps are guarded by a captcha and hand out a token that reaches only that case.
 */
@ApiTags('portal passwords')
@ApiBearerAuth()
@Controller()
export class CredentialsController {
  constructor(
    private readonly credentials: CredentialsService,
    private readonly updates: CaseUpdates,
    @Inject(CAPTCHA_VERIFIER) private readonly captcha: CaptchaVerifier,
  ) {}

  @Get('captcha')
  @Public()
  @PublicRateLimit()
  @ApiOperation({ summary: 'Desafío «No soy un robot» local (solo con CAPTCHA_PROVIDER=local); el token es «captchaId:respuesta»' })
  localCaptcha() {
    if (!(this.captcha instanceof LocalCaptcha)) throw new ApiError('ROUTE.NOT_FOUND', 'No existe esa ruta.', undefined, 404);
    return this.captcha.issue();
  }

  @Post('portal-passwords/affiliate')
  @Public()
  @PublicRateLimit()
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOperation({ summary: '003: inicia la generación o recuperación de la clave de afiliado (cédula o código de extranjero y captcha)' })
  @ApiResponse({ status: 201, description: 'Trámite abierto: preguntas de verificación y token del trámite' })
  @ApiResponse({ status: 422, description: 'PORTAL.NOT_AFFILIATED, PORTAL.NO_WORK_HISTORY' })
  startAffiliate(@Body() dto: StartAffiliatePasswordDto, @Ip() ip: string, @Headers('idempotency-key') key?: string) {
    return this.credentials.startAffiliate(dto, ip, checkIdempotencyKey(key));
  }

  @Post('cases/:caseId/identity-check')
  @HttpCode(200)
  @Roles('applicant')
  @PublicRateLimit()
  @ApiOperation({ summary: '003: responde día y mes de nacimiento, historia laboral y preguntas personales (5 intentos en total)' })
  @ApiResponse({ status: 422, description: 'IDENTITY.CHECK_FAILED (con los intentos restantes y las nuevas preguntas)' })
  @ApiResponse({ status: 423, description: 'CREDENTIAL.LOCKED: quinto intento fallido; un funcionario debe desbloquear' })
  answer(@CurrentPrincipal() p: Principal, @Param('caseId', caseIdPipe) id: string, @Body() dto: IdentityAnswersDto) {
    return this.credentials.answerIdentity(p, id, dto);
  }

  @Post('cases/:caseId/email')
  @HttpCode(200)
  @Roles('applicant')
  @ApiOperation({ summary: '003: confirma o cambia el correo; se envía el enlace de un solo uso (15 minutos)' })
  confirmEmail(@CurrentPrincipal() p: Principal, @Param('caseId', caseIdPipe) id: string, @Body() dto: ConfirmEmailDto) {
    return this.credentials.confirmEmail(p, id, dto);
  }

  @Post('cases/:caseId/password-link/resend')
  @HttpCode(200)
  @Roles('applicant', 'case_manager')
  @ApiOperation({ summary: 'Envía un nuevo enlace cuando el anterior caducó (máximo 3 por trámite)' })
  resend(@CurrentPrincipal() p: Principal, @Param('caseId', caseIdPipe) id: string): Promise<CredentialCaseView> {
    return this.updates.update(p, id, 'resend_password_link', resendLinkUpdate, {}, 'authorized');
  }

  @Post('password-links/inspect')
  @HttpCode(200)
  @Public()
  @PublicRateLimit()
  @ApiOperation({ summary: 'Comprueba el enlace recibido por correo y dice qué pedirá (declaración, preguntas personales)' })
  @ApiOkResponse({ type: LinkInspectionDto })
  @ApiResponse({ status: 404, description: 'LINK.NOT_FOUND' })
  @ApiResponse({ status: 410, description: 'LINK.USED, LINK.EXPIRED' })
  inspect(@Body() dto: LinkTokenDto): Promise<LinkInspectionDto> {
    return this.credentials.inspectLink(dto.token);
  }

  @Post('password-links/password')
  @HttpCode(200)
  @Public()
  @PublicRateLimit()
  @ApiOperation({ summary: 'Registra la nueva clave con el enlace de un solo uso (mínimo 8 caracteres, solo letras y números)' })
  @ApiResponse({ status: 400, description: 'VALIDATION.FAILED: clave débil, confirmación distinta, declaración no aceptada' })
  @ApiResponse({ status: 404, description: 'LINK.NOT_FOUND' })
  @ApiResponse({ status: 410, description: 'LINK.USED, LINK.EXPIRED' })
  @ApiOkResponse({ type: PasswordSetDto })
  setPassword(@Body() dto: SetPasswordDto): Promise<PasswordSetDto> {
    return this.credentials.setPassword(dto);
  }

  @Post('portal-credentials/affiliates/:identityNumber/unlock')
  @HttpCode(200)
  @Roles('case_manager', 'admin')
  @RequiresRecentAuth()
  @ApiOperation({ summary: '003: desbloquea la clave tras verificar la identidad en la agencia; los trámites bloqueados continúan' })
  @ApiOkResponse({ type: CredentialUnlockedDto })
  @ApiResponse({ status: 409, description: 'CREDENTIAL.NOT_LOCKED' })
  unlock(@CurrentPrincipal() p: Principal, @Param('identityNumber') identityNumber: string, @Body() dto: UnlockDto): Promise<CredentialUnlockedDto> {
    if (!IDENTITY.test(identityNumber)) {
      throw new ApiError(
        'VALIDATION.FAILED',
        'identityNumber debe ser una cédula o un código de extranjero',
        { fields: [{ field: 'identityNumber', message: 'identityNumber debe ser una cédula (10 dígitos) o un código de extranjero (12 dígitos)' }] },
        400,
      );
    }
    return this.credentials.unlock(p, identityNumber, dto.reason.trim());
  }

  @Get('portal-credentials/affiliates/:identityNumber')
  @Roles('case_manager', 'admin', 'auditor')
  @ApiOperation({ summary: '003: estado de la clave (bloqueo, intentos, fecha de la última clave); nunca la clave ni las respuestas' })
  @ApiOkResponse({ type: CredentialStatusDto })
  status(@CurrentPrincipal() p: Principal, @Param('identityNumber') identityNumber: string): Promise<CredentialStatusDto> {
    return this.credentials.credentialStatus(p, identityNumber);
  }

  @Post('portal-passwords/employer')
  @Public()
  @PublicRateLimit()
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOperation({ summary: '004: clave patronal, en ventanilla (funcionario, con token) o por la Ventanilla Virtual (captcha)' })
  @ApiResponse({ status: 422, description: 'ELIGIBILITY.EMPLOYER_NOT_REGISTERED, PORTAL.KEY_REQUEST_MISSING' })
  @ApiResponse({ status: 403, description: 'En ventanilla solo un gestor de casos inicia el trámite (AUTH.ROLE_NOT_ALLOWED)' })
  async startEmployer(
    @Req() req: Request & { principal?: Principal },
    @Body() dto: StartEmployerPasswordDto,
    @Ip() ip: string,
    @Res({ passthrough: true }) res: Response,
    @Headers('idempotency-key') key?: string,
  ) {
    res.status(201);
    return this.credentials.startEmployer(req.principal, dto, ip, checkIdempotencyKey(key));
  }

  @Post('cases/:caseId/submission')
  @HttpCode(200)
  @Roles('applicant')
  @ApiOperation({ summary: '004 Ventanilla Virtual: envía los archivos cargados; se verifican formato, tamaño y firma electrónica' })
  @ApiResponse({ status: 422, description: 'SUBMISSION.OBSERVED con cada motivo (firma ausente, alterada o no reconocida; documento faltante)' })
  submit(@CurrentPrincipal() p: Principal, @Param('caseId', caseIdPipe) id: string, @Body() dto: SubmitUploadsDto): Promise<CredentialCaseView> {
    return this.updates.update(
      p,
      id,
      'submit_uploads',
      submitUploadsUpdate,
      { uploads: dto.uploads, request: { requestDetail: dto.requestDetail, ...(dto.ruc ? { ruc: dto.ruc } : {}) } },
      'authorized',
    );
  }

  @Post('cases/:caseId/office-review')
  @HttpCode(200)
  @Roles('case_manager')
  @RequiresRecentAuth()
  @ApiOperation({ summary: '004 Ventanilla Virtual: la oficina de la provincia aprueba (se envía el enlace), observa o niega' })
  review(@CurrentPrincipal() p: Principal, @Param('caseId', caseIdPipe) id: string, @Body() dto: OfficeReviewDto): Promise<CredentialCaseView> {
    const review = { decision: dto.decision, ...(dto.observations ? { observations: dto.observations } : {}) };
    return this.updates.update(p, id, 'office_review', officeReviewUpdate, review, 'authorized');
  }
}
