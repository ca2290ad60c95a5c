import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Public, Roles } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { ApiError } from '../errors/api-error';
import { ArrivalAnswerDto, ArrivalDto, ArrivalPassDto, CallingBoardDto, CallingScreenDto, WaitingTurnoDto, WindowDto } from './agency-day.dto';
import { AgencyDayService } from './agency-day.service';

const caseIdPipe = new ParseUUIDPipe({
  exceptionFactory: () =>
    new ApiError('VALIDATION.FAILED', 'caseId debe ser un UUID', { fields: [{ field: 'caseId', message: 'caseId debe ser un UUID' }] }, 400),
});

/** The applicant's confirmation carries the QR that the desk reads (ADR 0028). */
@ApiTags('agency-day')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'Sin token o token no válido (AUTH.TOKEN_REQUIRED, AUTH.TOKEN_INVALID)' })
@Controller('cases')
export class ArrivalPassController {
  constructor(private readonly day: AgencyDayService) {}

  @Get(':caseId/arrival-pass')
  @Roles('applicant', 'case_manager')
  @ApiOperation({ summary: 'El código QR de la «Confirmación del Turno en Línea»: la referencia del trámite, la agencia y el día del turno, firmados' })
  @ApiOkResponse({ type: ArrivalPassDto })
  @ApiResponse({ status: 403, description: 'AUTH.NOT_YOUR_CASE, AUTH.OUT_OF_SCOPE' })
  @ApiResponse({ status: 404, description: 'CASE.NOT_FOUND, APPOINTMENT.NOT_FOUND (sin turno reservado)' })
  arrivalPass(@CurrentPrincipal() p: Principal, @Param('caseId', caseIdPipe) caseId: string): Promise<ArrivalPassDto> {
    return this.day.arrivalPass(p, caseId);
  }
}

/** The desk's day (ADR 0028): arrivals by the confirmation, the waiting list, the calls to the windows. */
@ApiTags('agency-day')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'Sin token o token no válido (AUTH.TOKEN_REQUIRED, AUTH.TOKEN_INVALID)' })
@ApiResponse({ status: 403, description: 'Solo gestores de casos de la agencia (AUTH.ROLE_NOT_ALLOWED, AUTH.OUT_OF_SCOPE)' })
@Controller('desk')
export class CallingController {
  constructor(private readonly day: AgencyDayService) {}

  @Post('arrivals')
  @HttpCode(200)
  @Roles('case_manager')
  @ApiOperation({
    summary: 'Registra la llegada con la confirmación del turno: el texto de su código QR (se verifica la firma) o el número de trámite escrito',
  })
  @ApiOkResponse({ type: ArrivalAnswerDto })
  @ApiResponse({ status: 400, description: 'Falta el QR o el número de trámite (VALIDATION.FAILED)' })
  @ApiResponse({ status: 404, description: 'CASE.NOT_FOUND: ningún trámite tiene ese número' })
  @ApiResponse({
    status: 422,
    description: 'ARRIVAL.PASS_INVALID (QR no firmado por el IESS), ARRIVAL.OTHER_AGENCY, ARRIVAL.OTHER_DAY, o la negativa del trámite (CASE.INVALID_STATE)',
  })
  @ApiResponse({ status: 409, description: 'El trámite ya terminó (CASE.CLOSED, que dice cómo terminó) o procesa otra acción (CASE.BUSY)' })
  arrive(@CurrentPrincipal() p: Principal, @Body() dto: ArrivalDto): Promise<ArrivalAnswerDto> {
    return this.day.arrive(p, dto);
  }

  @Get('calling')
  @Roles('case_manager')
  @ApiOperation({ summary: 'Los turnos del día de la agencia: en espera (grupos vulnerables primero), llamados, y los que no se presentaron' })
  @ApiOkResponse({ type: CallingBoardDto })
  board(@CurrentPrincipal() p: Principal): Promise<CallingBoardDto> {
    return this.day.board(p);
  }

  @Post('calling/next')
  @HttpCode(200)
  @Roles('case_manager')
  @ApiOperation({ summary: 'Llama a la ventanilla el siguiente turno en espera (grupos vulnerables primero, luego por llegada)' })
  @ApiOkResponse({ type: WaitingTurnoDto })
  @ApiResponse({ status: 400, description: 'windowNumber no válido (VALIDATION.FAILED)' })
  @ApiResponse({ status: 409, description: 'CALLING.NOBODY_WAITING' })
  callNext(@CurrentPrincipal() p: Principal, @Body() dto: WindowDto): Promise<WaitingTurnoDto> {
    return this.day.callNext(p, dto.windowNumber);
  }

  @Post('calling/:caseId/call')
  @HttpCode(200)
  @Roles('case_manager')
  @ApiParam({ name: 'caseId' })
  @ApiOperation({ summary: 'Llama (o vuelve a llamar) a la ventanilla un turno que llegó' })
  @ApiOkResponse({ type: WaitingTurnoDto })
  @ApiResponse({ status: 422, description: 'La negativa del trámite por la tabla de acciones (CASE.INVALID_STATE)' })
  call(@CurrentPrincipal() p: Principal, @Param('caseId', caseIdPipe) caseId: string, @Body() dto: WindowDto): Promise<WaitingTurnoDto> {
    return this.day.call(p, caseId, dto.windowNumber);
  }

  @Post('calling/:caseId/no-show')
  @HttpCode(200)
  @Roles('case_manager')
  @ApiParam({ name: 'caseId' })
  @ApiOperation({ summary: 'Registra que el turno llamado no se presentó en la ventanilla (sale de la pantalla y de la espera)' })
  @ApiOkResponse({ type: WaitingTurnoDto })
  @ApiResponse({ status: 422, description: 'La negativa del trámite por la tabla de acciones (CASE.INVALID_STATE)' })
  noShow(@CurrentPrincipal() p: Principal, @Param('caseId', caseIdPipe) caseId: string): Promise<WaitingTurnoDto> {
    return this.day.noShow(p, caseId);
  }
}

/**
 * The waiting room's screen: public within the agency, turnos and windows only. No rate limit: the
 * screens poll it every few seconds through the web app (one client address), and it is one indexed read.
 */
@ApiTags('agency-day')
@Public()
@Controller('public/agencies')
export class CallingScreenController {
  constructor(private readonly day: AgencyDayService) {}

  @Get(':agencyId/calls')
  @ApiParam({ name: 'agencyId', example: 'uio-norte' })
  @ApiOperation({ summary: 'Los últimos llamados del día de la agencia para la pantalla de la sala de espera: turno y ventanilla, sin nombres' })
  @ApiOkResponse({ type: CallingScreenDto })
  @ApiResponse({ status: 404, description: 'AGENCY.NOT_FOUND' })
  screen(@Param('agencyId') agencyId: string): Promise<CallingScreenDto> {
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(agencyId)) throw new ApiError('AGENCY.NOT_FOUND');
    return this.day.screen(agencyId);
  }
}
