import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Public, Roles } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { PublicRateLimit } from '../auth/rate-limit';
import { ApiError } from '../errors/api-error';
import { JoinWaitingListDto, TakenOfferDto, WaitingListOfferDto, WaitingListPlaceDto } from './waiting-list.dto';
import { WaitingListService } from './waiting-list.service';

const caseId = new ParseUUIDPipe({
  exceptionFactory: () =>
    new ApiError('VALIDATION.FAILED', 'caseId debe ser un UUID', { fields: [{ field: 'caseId', message: 'caseId debe ser un UUID' }] }, 400),
});

const offerToken = (token: string): string => {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) throw new ApiError('WAITING_LIST.OFFER_ENDED');
  return token;
};

@ApiTags('waiting-list')
@Controller()
export class WaitingListController {
  constructor(private readonly waiting: WaitingListService) {}

  @Post('cases/:caseId/waiting-list')
  @ApiBearerAuth()
  @Roles('applicant')
  @HttpCode(200)
  @ApiOperation({ summary: 'Une el trámite (aún sin turno) a la lista de espera de un día lleno de una agencia' })
  @ApiOkResponse({ type: WaitingListPlaceDto })
  @ApiResponse({ status: 422, description: 'WAITING_LIST.DAY_NOT_FULL, CASE.INVALID_STATE' })
  join(@CurrentPrincipal() p: Principal, @Param('caseId', caseId) id: string, @Body() dto: JoinWaitingListDto): Promise<WaitingListPlaceDto> {
    return this.waiting.join(p, id, dto);
  }

  @Get('waiting-list/offers/:token')
  @Public()
  @PublicRateLimit()
  @ApiOperation({ summary: 'Un turno liberado y reservado para quien esperaba (el enlace del correo y del SMS)' })
  @ApiOkResponse({ type: WaitingListOfferDto })
  @ApiResponse({ status: 410, description: 'WAITING_LIST.OFFER_ENDED' })
  offer(@Param('token') token: string): Promise<WaitingListOfferDto> {
    return this.waiting.offer(offerToken(token));
  }

  @Post('waiting-list/offers/:token/take')
  @Public()
  @PublicRateLimit()
  @HttpCode(200)
  @ApiOperation({ summary: 'Toma el turno reservado: el trámite queda agendado en ese horario' })
  @ApiOkResponse({ type: TakenOfferDto })
  @ApiResponse({ status: 410, description: 'WAITING_LIST.OFFER_ENDED' })
  @ApiResponse({ status: 422, description: 'El trámite ya no puede tomar ese turno (APPOINTMENT.SLOT_PAST, CASE.INVALID_STATE)' })
  @ApiResponse({ status: 409, description: 'El trámite terminó o procesa otra acción (CASE.CLOSED, CASE.BUSY)' })
  take(@Param('token') token: string): Promise<TakenOfferDto> {
    return this.waiting.take(offerToken(token));
  }
}
