import { Body, Controller, Get, Headers, HttpCode, Inject, Param, ParseUUIDPipe, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Client } from '@temporalio/client';
import {
  bookSlotUpdate,
  cancelUpdate,
  caseWorkflowId,
  checkInUpdate,
  recordDocumentsUpdate,
  rescheduleUpdate,
  resendCodeUpdate,
  resolveDuplicateUpdate,
  retryStuckUpdate,
  verifyCodeUpdate,
  type CaseView,
  type RecordDocumentsInput,
} from '@tramites/contracts';
import type { Response } from 'express';
import { CaseAccessService, type AnyCaseView } from '../access/case-access.service';
import { checkIdempotencyKey } from '../access/idempotency-key';
import { CurrentPrincipal, Roles } from '../auth/auth.guard';
import { actorOf, type Principal } from '../auth/principal';
import { ApiError } from '../errors/api-error';
import { CancelDto, RecordDocumentsDto, SlotDto, VerifyCodeDto } from './case-actions.dto';
import { CaseListQueryDto } from './case-list.dto';
import { CaseListService } from './case-list.service';
import { CasesService } from './cases.service';
import { ResolveDuplicateDto } from './duplicate-review.dto';
import { OpenCaseDto } from './open-case.dto';

const caseId = new ParseUUIDPipe({ exceptionFactory: () => new ApiError('VALIDATION.FAILED', 'caseId debe ser un UUID', { fields: [{ field: 'caseId', message: 'caseId debe ser un UUID' }] }, 400) });

@ApiTags('cases')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'Sin token o token no válido (AUTH.TOKEN_REQUIRED, AUTH.TOKEN_INVALID)' })
@ApiResponse({ status: 403, description: 'Rol o ámbito no permitido (AUTH.ROLE_NOT_ALLOWED, AUTH.OUT_OF_SCOPE, AUTH.NOT_YOUR_CASE)' })
@Controller('cases')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly list: CaseListService,
    private readonly access: CaseAccessService,
    @Inject(Client) private readonly temporal: Client,
  ) {}

  @Post()
  @Roles('applicant', 'case_manager')
  @ApiOperation({ summary: 'Inicia un trámite (idempotente: la misma clave o la misma solicitud devuelve el mismo trámite)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Clave única por intento de inicio' })
  @ApiResponse({ status: 201, description: 'Trámite creado; se envió el código de verificación al correo' })
  @ApiResponse({ status: 200, description: 'El mismo trámite ya se había creado con esta clave' })
  @ApiResponse({ status: 409, description: 'La clave ya inició otro trámite con datos distintos (CASE.ALREADY_EXISTS, con caseId)' })
  @ApiResponse({ status: 422, description: 'Rechazado por las reglas del trámite: no procede según la ficha, decidido al presentar y antes de tomar un turno (ELIGIBILITY.HAS_CEDULA, ELIGIBILITY.HAS_FOREIGNER_CODE, ELIGIBILITY.IS_AFFILIATED, ELIGIBILITY.FILER_NOT_ALLOWED, con reasons), CASE.WALK_IN_NOT_ALLOWED, IDEMPOTENCY.KEY_REUSED' })
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
  @ApiOperation({ summary: 'Estado vivo de un trámite, con su lista de requisitos' })
  @ApiResponse({ status: 404, description: 'CASE.NOT_FOUND' })
  get(@CurrentPrincipal() principal: Principal, @Param('caseId', caseId) id: string): Promise<AnyCaseView> {
    return this.cases.get(principal, id);
  }

  @Post(':caseId/verification')
  @HttpCode(200)
  @Roles('applicant')
  @ApiOperation({ summary: 'Verifica el código de 6 dígitos enviado al correo (5 intentos)' })
  @ApiResponse({ status: 422, description: 'Rechazado por el estado del trámite (CASE.INVALID_STATE, CASE.CLOSED)' })
  verify(@CurrentPrincipal() p: Principal, @Param('caseId', caseId) id: string, @Body() dto: VerifyCodeDto): Promise<CaseView> {
    return this.update(p, id, 'verify_code', (h, actor) => h.executeUpdate(verifyCodeUpdate, { args: [{ actor, code: dto.code }] }));
  }

  @Post(':caseId/verification/resend')
  @HttpCode(200)
  @Roles('applicant')
  @ApiOperation({ summary: 'Envía un nuevo código de verificación' })
  resend(@CurrentPrincipal() p: Principal, @Param('caseId', caseId) id: string): Promise<CaseView> {
    return this.update(p, id, 'resend_code', (h, actor) => h.executeUpdate(resendCodeUpdate, { args: [{ actor }] }));
  }

  @Post(':caseId/appointment')
  @HttpCode(200)
  @Roles('applicant')
  @ApiOperation({ summary: 'Reserva el turno en un horario disponible' })
  @ApiResponse({ status: 422, description: 'APPOINTMENT.SLOT_FULL, APPOINTMENT.SLOT_NOT_FOUND, APPOINTMENT.SLOT_PAST' })
  book(@CurrentPrincipal() p: Principal, @Param('caseId', caseId) id: string, @Body() dto: SlotDto): Promise<CaseView> {
    return this.update(p, id, 'book', (h, actor) => h.executeUpdate(bookSlotUpdate, { args: [{ actor, slotId: dto.slotId }] }));
  }

  @Put(':caseId/appointment')
  @Roles('applicant', 'case_manager')
  @ApiOperation({ summary: 'Cambia el turno a otro horario disponible' })
  reschedule(@CurrentPrincipal() p: Principal, @Param('caseId', caseId) id: string, @Body() dto: SlotDto): Promise<CaseView> {
    return this.update(p, id, 'reschedule', (h, actor) => h.executeUpdate(rescheduleUpdate, { args: [{ actor, slotId: dto.slotId }] }));
  }

  @Post(':caseId/cancellation')
  @HttpCode(200)
  @Roles('applicant', 'case_manager')
  @ApiOperation({ summary: 'Cancela el trámite antes de ser atendido (libera el turno)' })
  cancel(@CurrentPrincipal() p: Principal, @Param('caseId', caseId) id: string, @Body() dto: CancelDto): Promise<CaseView> {
    return this.update(p, id, 'cancel', (h, actor) => h.executeUpdate(cancelUpdate, { args: [{ actor, reason: dto.reason }] }));
  }

  @Post(':caseId/check-in')
  @HttpCode(200)
  @Roles('case_manager')
  @ApiOperation({ summary: 'Registra la llegada del solicitante el día del turno' })
  checkIn(@CurrentPrincipal() p: Principal, @Param('caseId', caseId) id: string): Promise<CaseView> {
    return this.update(p, id, 'check_in', (h, actor) => h.executeUpdate(checkInUpdate, { args: [{ actor }] }));
  }

  @Post(':caseId/documents')
  @HttpCode(200)
  @Roles('case_manager')
  @ApiOperation({ summary: 'Registra los documentos presentados en ventanilla; la lista de requisitos decide' })
  recordDocuments(@CurrentPrincipal() p: Principal, @Param('caseId', caseId) id: string, @Body() dto: RecordDocumentsDto): Promise<CaseView> {
    return this.update(p, id, 'record_documents', (h, actor) =>
      h.executeUpdate(recordDocumentsUpdate, { args: [{ ...(dto as unknown as Omit<RecordDocumentsInput, 'actor'>), actor }] }),
    );
  }

  @Post(':caseId/retry')
  @HttpCode(200)
  @Roles('case_manager')
  @ApiOperation({ summary: 'Reintenta el paso detenido por un registro externo que no respondió' })
  retry(@CurrentPrincipal() p: Principal, @Param('caseId', caseId) id: string): Promise<CaseView> {
    return this.update(p, id, 'retry_stuck', (h, actor) => h.executeUpdate(retryStuckUpdate, { args: [{ actor }] }));
  }

  @Post(':caseId/duplicate-review')
  @HttpCode(200)
  @Roles('case_manager')
  @ApiOperation({ summary: 'Decide un «posible duplicado»: la misma persona (se entrega su código) u otra persona (código nuevo), con el motivo' })
  @ApiResponse({ status: 200, description: 'Decisión registrada; la emisión continúa' })
  @ApiResponse({ status: 400, description: 'VALIDATION.FAILED (decision, code, reason)' })
  @ApiResponse({ status: 422, description: 'CASE.INVALID_STATE (no está en posible duplicado), DUPLICATE.CODE_REQUIRED, DUPLICATE.UNKNOWN_CODE' })
  resolveDuplicate(@CurrentPrincipal() p: Principal, @Param('caseId', caseId) id: string, @Body() dto: ResolveDuplicateDto): Promise<CaseView> {
    return this.update(p, id, 'resolve_duplicate', (h, actor) =>
      h.executeUpdate(resolveDuplicateUpdate, {
        args: [{ actor, decision: dto.decision, reason: dto.reason, ...(dto.code ? { code: dto.code } : {}) }],
      }),
    );
  }

  /**
   * Every write goes to the workflow with the caller as actor. Scope is checked first, from the
   * read model (a refusal for scope says so, whatever the case's state); the workflow's
   * validators then decide on the state, and check scope again. An action that the case's kind
   * does not have is refused as CASE.ACTION_NOT_AVAILABLE (errors/error.filter.ts).
   */
  private async update(
    principal: Principal,
    id: string,
    action: string,
    send: (handle: ReturnType<Client['workflow']['getHandle']>, actor: ReturnType<typeof actorOf>) => Promise<CaseView>,
  ): Promise<CaseView> {
    const scope = await this.access.scopeIfKnown(id);
    if (scope) this.access.assertMayAccess(principal, scope);
    const view = await send(this.temporal.workflow.getHandle(caseWorkflowId(id)), actorOf(principal));
    await this.access.log(principal, id, action);
    return view;
  }
}
