import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequiresRecentAuth, Roles } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { ApiError } from '../errors/api-error';
import { LegalInboxPageDto, PoderRegistryPageDto } from './legal-answers.dto';
import { LegalInboxService } from './legal-inbox.service';
import { PoderViewDto } from './poder-view.dto';
import { EndorsePoderDto, InboxQueryDto, PoderRegistryQueryDto, RejectPoderDto } from './legal.dto';
import { PoderDecisionService } from './poder-decision.service';

/** poderId = employerId:attorneyId:DEED (libs/contracts, poderId()); URL-encode the ':' characters. */
function checkedPoderId(value: string): string {
  if (!/^[^\s]{3,200}$/.test(value)) {
    throw new ApiError(
      'VALIDATION.FAILED',
      'poderId no es un identificador de poder válido',
      { fields: [{ field: 'poderId', message: 'poderId debe tener de 3 a 200 caracteres sin espacios' }] },
      400,
    );
  }
  return value;
}

const PODER_ID_PARAM = {
  name: 'poderId',
  example: '1790016919001:0912345675:2026-17-01-P01234',
  description: 'empleador:apoderado:escritura (codificado en la URL)',
};

/** The provincial legal unit: its inbox of poderes, their endorsement or rejection, and the registry. */
@ApiTags('legal')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'Sin token o token no válido (AUTH.TOKEN_REQUIRED, AUTH.TOKEN_INVALID)' })
@Controller('legal')
export class LegalController {
  constructor(
    private readonly inboxes: LegalInboxService,
    private readonly decisions: PoderDecisionService,
  ) {}

  @Get('inbox')
  @Roles('legal_unit')
  @ApiOperation({ summary: 'Poderes pendientes de revisión en la provincia del usuario, del más antiguo al más reciente, con su plazo' })
  @ApiOkResponse({ type: LegalInboxPageDto })
  @ApiResponse({ status: 400, description: 'Paginación no válida (VALIDATION.FAILED)' })
  @ApiResponse({ status: 403, description: 'Solo la unidad jurídica (AUTH.ROLE_NOT_ALLOWED)' })
  inbox(@CurrentPrincipal() p: Principal, @Query() q: InboxQueryDto): Promise<LegalInboxPageDto> {
    return this.inboxes.inbox(p, q);
  }

  @Post('poderes/:poderId/endorsement')
  @HttpCode(200)
  @Roles('legal_unit')
  @RequiresRecentAuth()
  @ApiParam(PODER_ID_PARAM)
  @ApiOperation({ summary: 'Sumilla (aprueba) un poder en revisión; el trámite que lo presentó continúa a la emisión' })
  @ApiOkResponse({ type: PoderViewDto, description: 'El poder quedó sumillado y registrado' })
  @ApiResponse({ status: 400, description: 'Datos no válidos (VALIDATION.FAILED)' })
  @ApiResponse({ status: 403, description: 'AUTH.ROLE_NOT_ALLOWED, AUTH.OUT_OF_SCOPE (poder de otra provincia)' })
  @ApiResponse({ status: 404, description: 'PODER.NOT_FOUND' })
  @ApiResponse({ status: 409, description: 'El trámite que lo presentó procesa otra acción (CASE.BUSY) o ya terminó (CASE.CLOSED, que dice cómo terminó)' })
  @ApiResponse({ status: 422, description: 'PODER.SAME_OFFICER (revisó los documentos del trámite), PODER.ALREADY_DECIDED' })
  endorse(@CurrentPrincipal() p: Principal, @Param('poderId') poderId: string, @Body() dto: EndorsePoderDto): Promise<PoderViewDto> {
    return this.decisions.endorse(p, checkedPoderId(poderId), dto);
  }

  @Post('poderes/:poderId/rejection')
  @HttpCode(200)
  @Roles('legal_unit')
  @RequiresRecentAuth()
  @ApiParam(PODER_ID_PARAM)
  @ApiOperation({ summary: 'Rechaza un poder en revisión con un motivo; el trámite que lo presentó se cierra como rechazado' })
  @ApiOkResponse({ type: PoderViewDto, description: 'El poder quedó rechazado' })
  @ApiResponse({ status: 400, description: 'reasonCode no es un motivo de rechazo de poderes (VALIDATION.FAILED)' })
  @ApiResponse({ status: 403, description: 'AUTH.ROLE_NOT_ALLOWED, AUTH.OUT_OF_SCOPE (poder de otra provincia)' })
  @ApiResponse({ status: 404, description: 'PODER.NOT_FOUND' })
  @ApiResponse({ status: 409, description: 'El trámite que lo presentó procesa otra acción (CASE.BUSY) o ya terminó (CASE.CLOSED, que dice cómo terminó)' })
  @ApiResponse({ status: 422, description: 'PODER.SAME_OFFICER, PODER.ALREADY_DECIDED, PODER.INVALID_REASON' })
  reject(@CurrentPrincipal() p: Principal, @Param('poderId') poderId: string, @Body() dto: RejectPoderDto): Promise<PoderViewDto> {
    return this.decisions.reject(p, checkedPoderId(poderId), dto);
  }

  @Get('poderes')
  @Roles('legal_unit', 'auditor', 'admin')
  @ApiOperation({ summary: 'Registro de poderes sumillados (vigentes, vencidos o revocados); la unidad jurídica ve solo su provincia' })
  @ApiOkResponse({ type: PoderRegistryPageDto })
  @ApiResponse({ status: 400, description: 'Filtros no válidos (VALIDATION.FAILED)' })
  @ApiResponse({ status: 403, description: 'AUTH.ROLE_NOT_ALLOWED' })
  registry(@CurrentPrincipal() p: Principal, @Query() q: PoderRegistryQueryDto): Promise<PoderRegistryPageDto> {
    return this.inboxes.registry(p, q);
  }
}
