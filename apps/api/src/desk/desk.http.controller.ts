import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { WORK_QUEUES } from '@tramites/persistence';
import { ApiError } from '../errors/api-error';
import { DeskCaseDto, QueueCountsDto, QueuePageDto, WorkQueueParamDto, WorkQueueQueryDto } from './desk.dto';
import { WorkQueueService } from './work-queue.service';

const caseIdPipe = new ParseUUIDPipe({
  exceptionFactory: () =>
    new ApiError('VALIDATION.FAILED', 'caseId debe ser un UUID', { fields: [{ field: 'caseId', message: 'caseId debe ser un UUID' }] }, 400),
});

/**
 * The case manager's desk (ADR 0022): the work queues of their agency (a supervisor's too: the
 * agency's queue with its holders) and a case's timeline; the claims are ClaimsController's.
 */
@ApiTags('desk')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'Sin token o token no válido (AUTH.TOKEN_REQUIRED, AUTH.TOKEN_INVALID)' })
@ApiResponse({ status: 403, description: 'Solo gestores de casos de la agencia (AUTH.ROLE_NOT_ALLOWED, AUTH.OUT_OF_SCOPE)' })
@Controller('desk')
export class DeskController {
  constructor(private readonly queues: WorkQueueService) {}

  @Get('queues')
  @Roles('case_manager', 'supervisor')
  @ApiOperation({ summary: 'Cuántos trámites tiene cada cola de trabajo de la agencia (cada conteo se detiene en 1000)' })
  @ApiQuery({ name: 'date', required: false, example: '2026-12-01', description: 'Día de los turnos (hoy si falta)' })
  @ApiOkResponse({ type: QueueCountsDto })
  @ApiResponse({ status: 400, description: 'date no es una fecha (VALIDATION.FAILED)' })
  counts(@CurrentPrincipal() p: Principal, @Query() q: WorkQueueQueryDto): Promise<QueueCountsDto> {
    return this.queues.counts(p, q.date);
  }

  @Get('queues/:queue')
  @Roles('case_manager', 'supervisor')
  @ApiParam({ name: 'queue', enum: WORK_QUEUES })
  @ApiOperation({
    summary:
      'Una página de una cola de la agencia: turnos del día por hora (solo los abiertos); llegados, por corregir, detenidos, posibles duplicados, vencidos, abiertos y «mis trámites» (asignados a quien consulta) por plazo; u otro orden (sort). Paginación por cursor (after = next)',
  })
  @ApiOkResponse({ type: QueuePageDto })
  @ApiResponse({ status: 400, description: 'Cola, filtro, búsqueda o cursor no válidos (VALIDATION.FAILED)' })
  page(@CurrentPrincipal() p: Principal, @Param() params: WorkQueueParamDto, @Query() q: WorkQueueQueryDto): Promise<QueuePageDto> {
    return this.queues.page(p, params.queue, q);
  }

  @Get('cases/:caseId')
  @Roles('case_manager', 'supervisor')
  @ApiOperation({ summary: 'El trámite en el escritorio: a quién está asignado, tiempo que queda y línea de tiempo' })
  @ApiOkResponse({ type: DeskCaseDto })
  @ApiResponse({ status: 400, description: 'caseId no es un UUID (VALIDATION.FAILED)' })
  @ApiResponse({ status: 404, description: 'CASE.NOT_FOUND' })
  deskCase(@CurrentPrincipal() p: Principal, @Param('caseId', caseIdPipe) caseId: string): Promise<DeskCaseDto> {
    return this.queues.deskCase(p, caseId);
  }
}
