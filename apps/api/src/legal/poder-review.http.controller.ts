import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { ApiError } from '../errors/api-error';
import { PoderReviewDto } from './poder-review.dto';
import { PoderReviewService } from './poder-review.service';

/** The legal unit's decision page: one poder with the case it came from. */
@ApiTags('legal')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'Sin token o token no válido (AUTH.TOKEN_REQUIRED, AUTH.TOKEN_INVALID)' })
@Controller('legal')
export class PoderReviewController {
  constructor(private readonly reviews: PoderReviewService) {}

  @Get('poderes/:poderId/review')
  @Roles('legal_unit', 'auditor', 'admin')
  @ApiParam({ name: 'poderId', example: '1790016919001:0912345675:2026-17-01-P01234', description: 'empleador:apoderado:escritura (codificado en la URL)' })
  @ApiOperation({
    summary:
      'Un poder en revisión o decidido: sus datos, el trámite del que vino, el plazo y la escalación, y si quien consulta puede decidirlo (separación de funciones)',
  })
  @ApiOkResponse({ type: PoderReviewDto })
  @ApiResponse({ status: 400, description: 'poderId no válido (VALIDATION.FAILED)' })
  @ApiResponse({ status: 403, description: 'AUTH.ROLE_NOT_ALLOWED, AUTH.OUT_OF_SCOPE (poder de otra provincia)' })
  @ApiResponse({ status: 404, description: 'PODER.NOT_FOUND' })
  review(@CurrentPrincipal() p: Principal, @Param('poderId') poderId: string): Promise<PoderReviewDto> {
    if (!/^[^\s:]{3,20}:[^\s:]{3,20}:[^\s]{1,160}$/.test(poderId)) {
      throw new ApiError(
        'VALIDATION.FAILED',
        'poderId no es un identificador de poder válido',
        { fields: [{ field: 'poderId', message: 'poderId debe ser empleador:apoderado:escritura' }] },
        400,
      );
    }
    return this.reviews.review(p, poderId);
  }
}
