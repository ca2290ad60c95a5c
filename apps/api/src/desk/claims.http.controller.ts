import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { CaseAccessService } from '../access/case-access.service';
import { ApiError } from '../errors/api-error';
import {
  AssignmentDto,
  AssignmentLogPageDto,
  AssignmentLogQueryDto,
  BulkReassignDto,
  BulkReassignResultDto,
  OfficerDto,
  ReassignDto,
  ReassignedDto,
  ReleasedDto,
  ReleaseDto,
} from './claims.dto';
import { ClaimsService } from './claims.service';

const caseIdPipe = new ParseUUIDPipe({
  exceptionFactory: () =>
    new ApiError('VALIDATION.FAILED', 'caseId debe ser un UUID', { fields: [{ field: 'caseId', message: 'caseId debe ser un UUID' }] }, 400),
});

/**
 * Who works a case (ADR 0022, amended 2026-12-07: a claim holds): "Asignarme", "Liberar", and a
 * supervisor's "Reasignar" of one case or several, each with a reason, all in the log the auditor reads.
 */
@ApiTags('desk')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'Sin token o token no válido (AUTH.TOKEN_REQUIRED, AUTH.TOKEN_INVALID)' })
@ApiResponse({ status: 403, description: 'Rol o agencia que no corresponde (AUTH.ROLE_NOT_ALLOWED, AUTH.OUT_OF_SCOPE)' })
@Controller()
export class ClaimsController {
  constructor(
    private readonly claims: ClaimsService,
    private readonly access: CaseAccessService,
  ) {}

  @Post('desk/cases/:caseId/assignment')
  @HttpCode(200)
  @Roles('case_manager')
  @ApiOperation({ summary: '«Asignarme»: el trámite abierto queda a cargo de quien llama (repetirlo no cambia nada)' })
  @ApiOkResponse({ type: AssignmentDto })
  @ApiResponse({ status: 400, description: 'caseId no es un UUID (VALIDATION.FAILED)' })
  @ApiResponse({ status: 404, description: 'CASE.NOT_FOUND' })
  @ApiResponse({
    status: 409,
    description: 'CASE.ASSIGNED_TO_OTHER: otra persona lo tiene asignado (con su nombre); CASE.CLOSED: un trámite que terminó no se asigna',
  })
  claim(@CurrentPrincipal() p: Principal, @Param('caseId', caseIdPipe) caseId: string): Promise<AssignmentDto> {
    return this.claims.claim(p, caseId);
  }

  @Delete('desk/cases/:caseId/assignment')
  @HttpCode(200)
  @Roles('case_manager', 'supervisor')
  @ApiOperation({ summary: 'Libera el trámite asignado a quien llama' })
  @ApiOkResponse({ type: ReleasedDto })
  @ApiResponse({ status: 400, description: 'caseId no es un UUID; un supervisor que libera el trámite de otra persona debe dar el motivo (VALIDATION.FAILED)' })
  @ApiResponse({ status: 404, description: 'CASE.NOT_FOUND' })
  @ApiResponse({ status: 409, description: 'CASE.ASSIGNED_TO_OTHER: lo tiene asignado otra persona; CASE.NOT_ASSIGNED: no lo tiene nadie' })
  release(@CurrentPrincipal() p: Principal, @Param('caseId', caseIdPipe) caseId: string): Promise<ReleasedDto> {
    return this.claims.release(p, caseId);
  }

  @Post('desk/cases/:caseId/assignment/release')
  @HttpCode(200)
  @Roles('case_manager', 'supervisor')
  @ApiOperation({ summary: 'Libera el trámite: quien lo tiene, o un supervisor de la agencia con el motivo (queda en el registro)' })
  @ApiOkResponse({ type: ReleasedDto })
  @ApiResponse({ status: 400, description: 'caseId no es un UUID; falta el motivo del supervisor (VALIDATION.FAILED)' })
  @ApiResponse({ status: 404, description: 'CASE.NOT_FOUND' })
  @ApiResponse({ status: 409, description: 'CASE.ASSIGNED_TO_OTHER: lo tiene asignado otra persona; CASE.NOT_ASSIGNED: no lo tiene nadie' })
  releaseWithReason(@CurrentPrincipal() p: Principal, @Param('caseId', caseIdPipe) caseId: string, @Body() body: ReleaseDto): Promise<ReleasedDto> {
    return this.claims.release(p, caseId, body.reason);
  }

  @Put('desk/cases/:caseId/assignment')
  @Roles('supervisor')
  @ApiOperation({ summary: '«Reasignar»: un supervisor pasa el trámite abierto a un gestor de su agencia, con el motivo (queda en el registro)' })
  @ApiOkResponse({ type: ReassignedDto })
  @ApiResponse({ status: 400, description: 'caseId, officerId o reason no válidos (VALIDATION.FAILED)' })
  @ApiResponse({ status: 404, description: 'CASE.NOT_FOUND' })
  @ApiResponse({ status: 409, description: 'CASE.CLOSED: un trámite que terminó no se reasigna' })
  @ApiResponse({ status: 422, description: 'OFFICER.NOT_IN_AGENCY: officerId no es gestor de la agencia' })
  reassign(@CurrentPrincipal() p: Principal, @Param('caseId', caseIdPipe) caseId: string, @Body() body: ReassignDto): Promise<ReassignedDto> {
    return this.claims.reassign(p, caseId, body.officerId, body.reason);
  }

  @Post('desk/assignments/reassign')
  @HttpCode(200)
  @Roles('supervisor')
  @ApiOperation({ summary: 'Reasigna varios trámites a un gestor de la agencia con un motivo; cada trámite se juzga por separado' })
  @ApiOkResponse({ type: BulkReassignResultDto })
  @ApiResponse({ status: 400, description: 'caseIds, officerId o reason no válidos (VALIDATION.FAILED)' })
  @ApiResponse({ status: 422, description: 'OFFICER.NOT_IN_AGENCY: officerId no es gestor de la agencia' })
  reassignMany(@CurrentPrincipal() p: Principal, @Body() body: BulkReassignDto): Promise<BulkReassignResultDto> {
    return this.claims.reassignMany(p, body.caseIds, body.officerId, body.reason);
  }

  @Get('desk/officers')
  @Roles('case_manager', 'supervisor')
  @ApiOperation({ summary: 'Los gestores de trámites de la agencia de quien llama, por nombre (a quién se puede reasignar)' })
  @ApiOkResponse({ type: [OfficerDto] })
  officers(@CurrentPrincipal() p: Principal): Promise<OfficerDto[]> {
    return this.claims.officers(p);
  }

  @Get('desk/cases/:caseId/assignment-log')
  @Roles('case_manager', 'supervisor', 'auditor', 'admin')
  @ApiOperation({ summary: 'Quién tuvo el trámite: asignaciones, liberaciones y reasignaciones con su motivo (los más recientes primero)' })
  @ApiOkResponse({ type: AssignmentLogPageDto })
  @ApiResponse({ status: 400, description: 'caseId no es un UUID (VALIDATION.FAILED)' })
  @ApiResponse({ status: 404, description: 'CASE.NOT_FOUND' })
  async caseLog(@CurrentPrincipal() p: Principal, @Param('caseId', caseIdPipe) caseId: string): Promise<AssignmentLogPageDto> {
    await this.access.authorize(p, caseId, 'read_assignment_log');
    return this.claims.history({ caseId });
  }

  @Get('audit/assignments')
  @Roles('auditor', 'admin')
  @ApiOperation({
    summary: 'Cambios de manos de los trámites: quién asignó, liberó o reasignó, a quién, de quién y por qué (los más recientes primero, 50 por página)',
  })
  @ApiOkResponse({ type: AssignmentLogPageDto })
  @ApiResponse({ status: 400, description: 'Filtros no válidos (VALIDATION.FAILED)' })
  async auditLog(@CurrentPrincipal() p: Principal, @Query() q: AssignmentLogQueryDto): Promise<AssignmentLogPageDto> {
    const page = await this.claims.history({
      ...(q.caseId ? { caseId: q.caseId } : {}),
      ...(q.officerId ? { officerId: q.officerId } : {}),
      ...(q.before && /^\d{1,19}$/.test(q.before) ? { before: q.before } : {}),
    });
    // The auditor has now read who worked these cases: each case shown is logged once (as GET /audit/actions).
    for (const caseId of new Set(page.items.map((i) => i.caseId))) await this.access.log(p, caseId, 'audit_assignments_read');
    return page;
  }
}
