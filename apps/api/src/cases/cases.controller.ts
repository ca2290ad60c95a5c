import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  bookSlotUpdate,
  cancelUpdate,
  checkInUpdate,
  recordDocumentsUpdate,
  rescheduleUpdate,
  resendCodeUpdate,
  resolveDuplicateUpdate,
  retryStuckUpdate,
  verifyCodeUpdate,
  type Actor,
  type CaseView,
  type RecordDocumentsInput,
} from '@tramites/contracts';
import type { UpdateDefinition } from '@temporalio/common';
import type { Request, Response } from 'express';
import type { CaseViewWithActions } from '../access/available-actions';
import { CaseUpdates } from '../access/case-updates';
import { checkIdempotencyKey } from '../access/idempotency-key';
import { CurrentPrincipal, RequiresRecentAuth, Roles } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { ApiError } from '../errors/api-error';
import { closedBeforeAnswered } from '../temporal/update-delivery';
import { CancelDto, RecordDocumentsDto, SlotDto, VerifyCodeDto } from './case-actions.dto';
import { CaseListQueryDto } from './case-list.dto';
import { CaseListService } from './case-list.service';
import { CaseViewDto } from './case-view.dto';
import { CasesService } from './cases.service';
import { ResolveDuplicateDto } from './duplicate-review.dto';
import { IssuedDocumentService, type ResendAccepted } from './issued-document.service';
import { OpenCaseDto } from './open-case.dto';

/** The Idempotency-Key of a booking or a move: the same key sends the same update and takes one seat (ADR 0035). */
const SeatIdempotencyKey = ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description: 'Clave única por pedido de turno o de cambio: repetir el pedido con la misma clave no toma otro cupo',
});

const caseId = new ParseUUIDPipe({
  exceptionFactory: () =>
    new ApiError('VALIDATION.FAILED', 'caseId debe ser un UUID', { fields: [{ field: 'caseId', message: 'caseId debe ser un UUID' }] }, 400),
});

@ApiTags('cases')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'Sin token o token no válido (AUTH.TOKEN_REQUIRED, AUTH.TOKEN_INVALID)' })
@ApiResponse({ status: 403, description: 'Rol o ámbito no permitido (AUTH.ROLE_NOT_ALLOWED, AUTH.OUT_OF_SCOPE, AUTH.NOT_YOUR_CASE)' })
@Controller('cases')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly list: CaseListService,
    private readonly updates: CaseUpdates,
    private readonly issued: IssuedDocumentService,
  ) {}

  @Post()
  @Roles('applicant', 'case_manager')
  @ApiOperation({ summary: 'Inicia un trámite (idempotente: la misma clave o la misma solicitud devuelve el mismo trámite)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Clave única por intento de inicio' })
  @ApiResponse({ status: 201, description: 'Trámite creado; se envió el código de verificación al correo' })
  @ApiResponse({ status: 200, description: 'El mismo trámite ya se había creado con esta clave' })
  @ApiResponse({ status: 409, description: 'La clave ya inició otro trámite con datos distintos (CASE.ALREADY_EXISTS, con caseId)' })
  @ApiResponse({
    status: 422,
    description:
      'Rechazado por las reglas del trámite: no procede según la ficha, decidido al presentar y antes de tomar un turno (ELIGIBILITY.HAS_CEDULA, ELIGIBILITY.HAS_FOREIGNER_CODE, ELIGIBILITY.IS_AFFILIATED, ELIGIBILITY.FILER_NOT_ALLOWED, con reasons), CASE.WALK_IN_NOT_ALLOWED',
  })
  async open(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: OpenCaseDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ caseId: string; created: boolean }> {
    const result = await this.cases.open(principal, dto, checkIdempotencyKey(key));
    res.status(result.created ? 201 : 200);
    return result;
  }

  @Get()
  @Roles('applicant', 'case_manager', 'legal_unit', 'auditor', 'admin')
  @ApiOperation({ summary: 'Lista de trámites con filtros, orden y paginación (dentro del ámbito del usuario)' })
  listCases(@CurrentPrincipal() principal: Principal, @Query() query: CaseListQueryDto) {
    return this.list.list(principal, query);
  }

  @Get(':caseId')
  @Roles('applicant', 'case_manager', 'legal_unit', 'auditor', 'admin')
  @ApiOperation({ summary: 'Estado vivo de un trámite, con su lista de requisitos y las acciones que quien consulta puede tomar ahora' })
  @ApiOkResponse({ type: CaseViewDto })
  @ApiResponse({ status: 404, description: 'CASE.NOT_FOUND' })
  get(@CurrentPrincipal() principal: Principal, @Param('caseId', caseId) id: string): Promise<CaseViewWithActions> {
    return this.cases.get(principal, id);
  }

  @Post(':caseId/verification')
  @HttpCode(200)
  @Roles('applicant')
  @ApiOperation({ summary: 'Verifica el código de 6 dígitos enviado al correo (5 intentos)' })
  @ApiResponse({ status: 422, description: 'Rechazado por el estado del trámite (CASE.INVALID_STATE)' })
  verify(@CurrentPrincipal() p: Principal, @Param('caseId', caseId) id: string, @Body() dto: VerifyCodeDto): Promise<CaseView> {
    return this.updates.update(p, id, 'verify_code', verifyCodeUpdate, { code: dto.code });
  }

  @Post(':caseId/verification/resend')
  @HttpCode(200)
  @Roles('applicant')
  @ApiOperation({ summary: 'Envía un nuevo código de verificación' })
  resend(@CurrentPrincipal() p: Principal, @Param('caseId', caseId) id: string): Promise<CaseView> {
    return this.updates.update(p, id, 'resend_code', resendCodeUpdate, {});
  }

  @Post(':caseId/appointment')
  @HttpCode(200)
  @Roles('applicant')
  @ApiOperation({ summary: 'Reserva el turno en un horario disponible' })
  @ApiResponse({
    status: 422,
    description: 'APPOINTMENT.SLOT_FULL (con alternatives: los siguientes horarios con cupos de la agencia), APPOINTMENT.SLOT_NOT_FOUND, APPOINTMENT.SLOT_PAST',
  })
  @SeatIdempotencyKey
  book(@CurrentPrincipal() p: Principal, @Param('caseId', caseId) id: string, @Body() dto: SlotDto, @Req() req: Request): Promise<CaseView> {
    return this.withSeat(p, id, dto, req, 'book', bookSlotUpdate);
  }

  @Put(':caseId/appointment')
  @Roles('applicant', 'case_manager')
  @ApiOperation({ summary: 'Cambia el turno a otro horario disponible' })
  @SeatIdempotencyKey
  reschedule(@CurrentPrincipal() p: Principal, @Param('caseId', caseId) id: string, @Body() dto: SlotDto, @Req() req: Request): Promise<CaseView> {
    return this.withSeat(p, id, dto, req, 'reschedule', rescheduleUpdate);
  }

  @Post(':caseId/cancellation')
  @HttpCode(200)
  @Roles('applicant', 'case_manager')
  @ApiOperation({ summary: 'Cancela el trámite antes de ser atendido (libera el turno)' })
  cancel(@CurrentPrincipal() p: Principal, @Param('caseId', caseId) id: string, @Body() dto: CancelDto): Promise<CaseView> {
    return this.updates.update(p, id, 'cancel', cancelUpdate, { reason: dto.reason });
  }

  @Post(':caseId/check-in')
  @HttpCode(200)
  @Roles('case_manager')
  @ApiOperation({ summary: 'Registra la llegada del solicitante el día del turno' })
  checkIn(@CurrentPrincipal() p: Principal, @Param('caseId', caseId) id: string): Promise<CaseView> {
    return this.updates.update(p, id, 'check_in', checkInUpdate, {});
  }

  @Post(':caseId/documents')
  @HttpCode(200)
  @Roles('case_manager')
  @ApiOperation({ summary: 'Registra los documentos presentados en ventanilla; la lista de requisitos decide' })
  recordDocuments(@CurrentPrincipal() p: Principal, @Param('caseId', caseId) id: string, @Body() dto: RecordDocumentsDto): Promise<CaseView> {
    return this.updates.update(p, id, 'record_documents', recordDocumentsUpdate, dto as unknown as Omit<RecordDocumentsInput, 'actor'>);
  }

  @Post(':caseId/retry')
  @HttpCode(200)
  @Roles('case_manager')
  @ApiOperation({ summary: 'Reintenta el paso detenido por un registro externo que no respondió' })
  retry(@CurrentPrincipal() p: Principal, @Param('caseId', caseId) id: string): Promise<CaseView> {
    return this.updates.update(p, id, 'retry_stuck', retryStuckUpdate, {});
  }

  @Post(':caseId/duplicate-review')
  @HttpCode(200)
  @Roles('case_manager')
  @RequiresRecentAuth()
  @ApiOperation({ summary: 'Decide un «posible duplicado»: la misma persona (se entrega su código) u otra persona (código nuevo), con el motivo' })
  @ApiResponse({ status: 200, description: 'Decisión registrada; la emisión continúa' })
  @ApiResponse({ status: 400, description: 'VALIDATION.FAILED (decision, code, reason)' })
  @ApiResponse({ status: 422, description: 'CASE.INVALID_STATE (no está en posible duplicado), DUPLICATE.CODE_REQUIRED, DUPLICATE.UNKNOWN_CODE' })
  resolveDuplicate(@CurrentPrincipal() p: Principal, @Param('caseId', caseId) id: string, @Body() dto: ResolveDuplicateDto): Promise<CaseView> {
    return this.updates.update(p, id, 'resolve_duplicate', resolveDuplicateUpdate, {
      decision: dto.decision,
      reason: dto.reason,
      ...(dto.code ? { code: dto.code } : {}),
    });
  }

  @Post(':caseId/issued-document/resend')
  @Roles('case_manager')
  @ApiOperation({
    summary: 'Reenvía al correo del solicitante el correo de emisión con el documento emitido (idempotente: una clave, un correo)',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Clave única por pedido de reenvío; repetir el pedido con la misma clave no envía otro correo',
  })
  @ApiResponse({ status: 202, description: 'Reenvío aceptado: el correo queda en la bandeja de salida (created=false si la clave ya se había usado)' })
  @ApiResponse({ status: 404, description: 'CASE.NOT_FOUND' })
  @ApiResponse({ status: 422, description: 'CASE.NOT_ISSUED: el trámite todavía no tiene un documento emitido' })
  async resendIssuedDocument(
    @CurrentPrincipal() p: Principal,
    @Param('caseId', caseId) id: string,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ResendAccepted> {
    const accepted = await this.issued.resend(p, id, checkIdempotencyKey(key));
    res.status(202);
    return accepted;
  }

  /** A booking or a move with its seat held first, in PostgreSQL (ADR 0035, decision 10: CasesService.withSeat). */
  private withSeat<Input extends { actor: Actor; slotId: string }>(
    p: Principal,
    id: string,
    dto: SlotDto,
    req: Request,
    action: 'book' | 'reschedule',
    update: UpdateDefinition<CaseView, [Input]>,
  ): Promise<CaseView> {
    const input = { slotId: dto.slotId } as Omit<Input, 'actor'>;
    const idempotencyKey = checkIdempotencyKey(req.header('idempotency-key'));
    // Sent again while the caller waits, not once the caller has gone (TemporalGateway.deliver).
    const signal = req.res && closedBeforeAnswered(req.res);
    return this.cases.withSeat(p, id, dto.slotId, { action, idempotencyKey }, (delivery) =>
      this.updates.update(p, id, action, update, input, 'if_known', delivery && { ...delivery, signal }),
    );
  }
}
