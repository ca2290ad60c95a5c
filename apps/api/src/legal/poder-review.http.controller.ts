import { Controller, Delete, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Roles } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { ApiError } from '../errors/api-error';
import { PoderClaimDto, PoderReviewDto } from './poder-review.dto';
import { PoderReviewService } from './poder-review.service';
import { contentDisposition } from '../documents/documents.controller';

const PODER_ID = {
  name: 'poderId',
  example: '1790016919001:0912345675:2026-17-01-P01234',
  description: 'empleador:apoderado:escritura (codificado en la URL)',
};

function checkedPoderId(poderId: string): string {
  if (!/^[^\s:]{3,20}:[^\s:]{3,20}:[^\s]{1,160}$/.test(poderId)) {
    throw new ApiError(
      'VALIDATION.FAILED',
      'poderId no es un identificador de poder válido',
      { fields: [{ field: 'poderId', message: 'poderId debe ser empleador:apoderado:escritura' }] },
      400,
    );
  }
  return poderId;
}

/** The legal unit's decision page: one poder with the case it came from, its deed's scan, and who works it. */
@ApiTags('legal')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'Sin token o token no válido (AUTH.TOKEN_REQUIRED, AUTH.TOKEN_INVALID)' })
@Controller('legal')
export class PoderReviewController {
  constructor(private readonly reviews: PoderReviewService) {}

  @Get('poderes/:poderId/review')
  @Roles('legal_unit', 'auditor', 'admin')
  @ApiParam(PODER_ID)
  @ApiOperation({
    summary:
      'Un poder en revisión o decidido: sus datos, el trámite del que vino, el plazo y la escalación, y si quien consulta puede decidirlo (separación de funciones)',
  })
  @ApiOkResponse({ type: PoderReviewDto })
  @ApiResponse({ status: 400, description: 'poderId no válido (VALIDATION.FAILED)' })
  @ApiResponse({ status: 403, description: 'AUTH.ROLE_NOT_ALLOWED, AUTH.OUT_OF_SCOPE (poder de otra provincia)' })
  @ApiResponse({ status: 404, description: 'PODER.NOT_FOUND' })
  review(@CurrentPrincipal() p: Principal, @Param('poderId') poderId: string): Promise<PoderReviewDto> {
    return this.reviews.review(p, checkedPoderId(poderId));
  }

  @Post('poderes/:poderId/claim')
  @HttpCode(200)
  @Roles('legal_unit')
  @ApiParam(PODER_ID)
  @ApiOperation({ summary: 'Toma la revisión del poder: mientras la tenga, solo usted puede sumillarlo o rechazarlo' })
  @ApiOkResponse({ type: PoderClaimDto })
  @ApiResponse({ status: 409, description: 'PODER.CLAIMED_BY_OTHER: la tomó otra persona (con su nombre)' })
  @ApiResponse({ status: 422, description: 'PODER.ALREADY_DECIDED' })
  claim(@CurrentPrincipal() p: Principal, @Param('poderId') poderId: string): Promise<PoderClaimDto> {
    return this.reviews.claim(p, checkedPoderId(poderId));
  }

  @Delete('poderes/:poderId/claim')
  @Roles('legal_unit')
  @ApiParam(PODER_ID)
  @ApiOperation({ summary: 'Libera la revisión que tomó' })
  @ApiResponse({ status: 200, description: 'Liberada' })
  @ApiResponse({ status: 409, description: 'PODER.CLAIMED_BY_OTHER: la tiene otra persona' })
  release(@CurrentPrincipal() p: Principal, @Param('poderId') poderId: string): Promise<{ claim: null }> {
    return this.reviews.release(p, checkedPoderId(poderId)) as Promise<{ claim: null }>;
  }

  @Get('poderes/:poderId/deed-scan')
  @Roles('legal_unit', 'auditor', 'admin')
  @ApiParam(PODER_ID)
  @ApiOperation({ summary: 'El escaneo de la escritura capturado en ventanilla, para verlo junto a la decisión (cada lectura queda registrada)' })
  @ApiProduces('application/pdf', 'image/jpeg')
  @ApiResponse({ status: 200, description: 'El archivo, para mostrarlo en la página (inline)' })
  @ApiResponse({ status: 404, description: 'PODER.NOT_FOUND, DOCUMENT.NOT_FOUND (no se capturó el escaneo)' })
  async deedScan(@CurrentPrincipal() p: Principal, @Param('poderId') poderId: string, @Res() res: Response): Promise<void> {
    const file = await this.reviews.deedScan(p, checkedPoderId(poderId));
    res
      .status(200)
      .type(file.mimeType)
      .set({ 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'private, no-store', 'Content-Security-Policy': "default-src 'none'; sandbox" })
      .set('Content-Disposition', contentDisposition(file.fileName).replace(/^attachment/, 'inline'))
      .send(file.bytes);
  }
}
