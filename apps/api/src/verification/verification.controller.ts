import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/auth.guard';
import { PublicRateLimit } from '../auth/rate-limit';
import { ApiError } from '../errors/api-error';
import { PAGE_SECURITY_POLICY, errorPage, numberLookupPage, tokenResultPage } from './verification-page';
import { JwksDto, NumberLookupDto, TokenVerificationDto } from './verification.dto';
import { VerificationService } from './verification.service';

const TOKEN_MISSING = 'Falta el parámetro t: la declaración firmada que contiene el código QR del documento.';
const NUMBER_INVALID = 'El número de verificación no es válido: revise que lo copió completo (formato VN-AAAA-XXXX-XXXX-XX); O se lee como 0 e I o L como 1.';

/** JSON unless the client prefers HTML (a browser that opened the QR code's link). */
function wantsHtml(req: Request): boolean {
  return req.accepts(['application/json', 'text/html']) === 'text/html';
}

function sendHtml(res: Response, status: number, html: string): void {
  res
    .status(status)
    .vary('Accept')
    .set({ 'Content-Security-Policy': PAGE_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' })
    .type('html')
    .send(html);
}

function sendJson(res: Response, status: number, body: unknown): void {
  res.status(status).vary('Accept').set('Cache-Control', 'no-store').json(body);
}

/**
 * Public verification of issued documents (docs/decisions/0006): anyone who
 * holds a code or certificate can check its QR code or its verification
 * number here, without an account. Answers never go stale in a cache: an
 * annulment must show at once.
 */
@ApiTags('verification')
@Public()
@PublicRateLimit()
@ApiResponse({ status: 429, description: 'Demasiadas consultas desde la misma dirección (RATE.LIMITED)' })
@Controller('verificacion')
export class VerificationController {
  constructor(private readonly verification: VerificationService) {}

  // Declared before ':verificationNumber' so that this path is not read as a number.
  @Get('clave-publica')
  @ApiOperation({
    summary: 'Claves públicas del IESS (JWKS) para verificar los documentos sin conexión',
    description:
      'Ed25519 (kty OKP, crv Ed25519). Incluye las claves retiradas: un documento firmado antes de una rotación sigue verificándose. El kid de la cabecera del JWS elige la clave.',
  })
  @ApiProduces('application/jwk-set+json')
  @ApiResponse({ status: 200, type: JwksDto })
  publicKeys(@Res() res: Response): void {
    res.status(200).set('Cache-Control', 'public, max-age=300').type('application/jwk-set+json').send(JSON.stringify(this.verification.jwks()));
  }

  @Get()
  @ApiOperation({
    summary: 'Verifica el código QR de un documento emitido (declaración firmada JWS)',
    description:
      'Comprueba la firma con las claves publicadas y si el documento consta en el registro de documentos emitidos. Responde JSON, o una página en español si el cliente pide text/html.',
  })
  @ApiQuery({
    name: 't',
    required: true,
    description: 'El JWS del código QR (EdDSA, compacto)',
    example: 'eyJhbGciOiJFZERTQSIsImtpZCI6Imllc3MtMjAyNjExMjMtYTFiMmMzIn0.eyJpc3MiOiJJRVNTLVRyYW1pdGVzIn0.c2ln',
  })
  @ApiProduces('application/json', 'text/html')
  @ApiResponse({
    status: 200,
    type: TokenVerificationDto,
    description: 'Resultado (valid false con reason MALFORMED, UNKNOWN_KEY, BAD_SIGNATURE o WRONG_ALG cuando no es válido)',
  })
  @ApiResponse({ status: 400, description: 'Falta el parámetro t (VALIDATION.FAILED)' })
  async verifyToken(@Query('t') token: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    if (typeof token !== 'string' || token.trim() === '') {
      if (wantsHtml(req)) return sendHtml(res, 400, errorPage('Falta el código', TOKEN_MISSING));
      throw new ApiError('VALIDATION.FAILED', TOKEN_MISSING, { fields: [{ field: 't', message: TOKEN_MISSING }] }, 400);
    }
    const result = await this.verification.verifyToken(token);
    if (wantsHtml(req)) return sendHtml(res, 200, tokenResultPage(result));
    sendJson(res, 200, result);
  }

  @Get(':verificationNumber')
  @ApiOperation({
    summary: 'Consulta un número de verificación impreso en un documento',
    description: 'Dice si el IESS emitió un documento con ese número y qué certifica; del titular solo muestra las iniciales.',
  })
  @ApiParam({ name: 'verificationNumber', example: 'VN-2026-7K3M-Q9XD-2H' })
  @ApiProduces('application/json', 'text/html')
  @ApiResponse({ status: 200, type: NumberLookupDto, description: 'exists indica si el número consta en el registro' })
  @ApiResponse({ status: 400, description: 'Número mal formado o con el carácter de control errado (VERIFICATION.NUMBER_INVALID)' })
  async lookupNumber(@Param('verificationNumber') input: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const result = await this.verification.lookupNumber(input);
    if (!result) {
      if (wantsHtml(req)) return sendHtml(res, 400, errorPage('Número no válido', NUMBER_INVALID));
      throw new ApiError('VERIFICATION.NUMBER_INVALID', NUMBER_INVALID, { fields: [{ field: 'verificationNumber', message: NUMBER_INVALID }] }, 400);
    }
    if (wantsHtml(req)) return sendHtml(res, 200, numberLookupPage(result));
    sendJson(res, 200, result);
  }
}
