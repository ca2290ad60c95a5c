import { Controller, Get, HttpCode, Param, ParseIntPipe, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CaseAccessService } from '../access/case-access.service';
import { CurrentPrincipal, Roles } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { ApiError } from '../errors/api-error';
import { ActionSearchQueryDto, HistoryExportQueryDto, StateAsOfQueryDto } from './audit.dto';
import {
  AuditActionPageDto,
  CaseStateAsOfDto,
  CaseTimelineDto,
  ChainReportDto,
  CheckpointSummaryDto,
  ReplayReportDto,
  SignedCheckpointDto,
} from './audit-answers.dto';
import { CaseHistoryService } from './case-history.service';
import { CaseLogService } from './case-log.service';

const caseIdPipe = new ParseUUIDPipe({
  exceptionFactory: () =>
    new ApiError('VALIDATION.FAILED', 'caseId debe ser un UUID', { fields: [{ field: 'caseId', message: 'caseId debe ser un UUID' }] }, 400),
});

const checkpointNumberPipe = new ParseIntPipe({
  exceptionFactory: () =>
    new ApiError(
      'VALIDATION.FAILED',
      'number debe ser un entero positivo',
      { fields: [{ field: 'number', message: 'number debe ser un entero positivo' }] },
      400,
    ),
});

/**
 * Auditors read, verify and replay any case; they change nothing (the replay POST only
 * re-executes recorded history in memory). Every read is logged in case_access_log.
 */
@ApiTags('audit')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'Sin token o token no válido (AUTH.TOKEN_REQUIRED, AUTH.TOKEN_INVALID)' })
@ApiResponse({ status: 403, description: 'Solo auditores y administradores (AUTH.ROLE_NOT_ALLOWED)' })
@Controller('audit')
export class AuditController {
  constructor(
    private readonly log: CaseLogService,
    private readonly histories: CaseHistoryService,
    private readonly access: CaseAccessService,
  ) {}

  @Get('cases/:caseId/timeline')
  @Roles('auditor', 'admin')
  @ApiOperation({ summary: 'Línea de tiempo completa del trámite (registro de eventos en PostgreSQL, aun sin historial en Temporal)' })
  @ApiResponse({ status: 400, description: 'caseId no es un UUID (VALIDATION.FAILED)' })
  @ApiOkResponse({ type: CaseTimelineDto })
  @ApiResponse({ status: 404, description: 'CASE.NOT_FOUND' })
  async timeline(@CurrentPrincipal() p: Principal, @Param('caseId', caseIdPipe) caseId: string): Promise<CaseTimelineDto> {
    await this.access.authorize(p, caseId, 'audit_timeline');
    return this.log.timeline(caseId);
  }

  @Get('cases/:caseId/state')
  @Roles('auditor', 'admin')
  @ApiOperation({ summary: 'Estado del trámite en un instante pasado: su último evento hasta asOf y los eventos previos' })
  @ApiResponse({ status: 400, description: 'asOf o caseId no válidos (VALIDATION.FAILED)' })
  @ApiOkResponse({ type: CaseStateAsOfDto })
  @ApiResponse({ status: 404, description: 'CASE.NOT_FOUND' })
  async stateAsOf(@CurrentPrincipal() p: Principal, @Param('caseId', caseIdPipe) caseId: string, @Query() q: StateAsOfQueryDto): Promise<CaseStateAsOfDto> {
    await this.access.authorize(p, caseId, 'audit_state_as_of');
    return this.log.stateAsOf(caseId, q.asOf);
  }

  @Get('cases/:caseId/verification')
  @Roles('auditor', 'admin')
  @ApiOperation({
    summary:
      'Verifica la cadena de hashes del registro de eventos contra el último número registrado y los puntos de control firmados: indica qué eventos faltan y cuáles fueron alterados',
  })
  @ApiOkResponse({ type: ChainReportDto })
  @ApiResponse({ status: 404, description: 'CASE.NOT_FOUND' })
  async verification(@CurrentPrincipal() p: Principal, @Param('caseId', caseIdPipe) caseId: string): Promise<ChainReportDto> {
    await this.access.authorize(p, caseId, 'audit_verification');
    return this.log.verify(caseId);
  }

  @Get('cases/:caseId/history')
  @Roles('auditor', 'admin')
  @ApiProduces('application/json')
  @ApiOperation({
    summary: 'Exporta el historial de Temporal del trámite (JSON del CLI y la consola web); si Temporal ya no lo tiene, la copia archivada',
  })
  @ApiResponse({
    status: 200,
    description:
      'Archivo JSON adjunto; X-History-Source dice si vino de temporal o del archivo, y X-History-Payloads qué contiene: encrypted; keys=... (datos cifrados), plain (anterior al cifrado: datos personales en claro) o decrypted',
  })
  @ApiResponse({ status: 404, description: 'CASE.NOT_FOUND, HISTORY.NOT_FOUND (ni Temporal ni el archivo lo conservan)' })
  @ApiResponse({ status: 503, description: 'TEMPORAL.UNAVAILABLE' })
  async history(
    @CurrentPrincipal() p: Principal,
    @Param('caseId', caseIdPipe) caseId: string,
    @Query() q: HistoryExportQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const decrypt = q.payloads === 'decrypted';
    await this.access.authorize(p, caseId, decrypt ? 'audit_history_export_decrypted' : 'audit_history_export');
    const { source, history } = await this.histories.history(caseId);
    const exported = await this.histories.forExport(history, decrypt);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="case-${caseId}-history${decrypt ? '-decrypted' : ''}.json"`);
    res.setHeader('X-History-Source', source);
    res.setHeader('X-History-Payloads', exported.payloads);
    return this.histories.toJson(exported.history);
  }

  @Post('cases/:caseId/replay')
  @HttpCode(200)
  @Roles('auditor', 'admin')
  @ApiOperation({
    summary: 'Reproduce el historial del trámite con el código actual de los flujos (no cambia nada) y devuelve el estado reconstruido',
  })
  @ApiOkResponse({ type: ReplayReportDto })
  @ApiResponse({ status: 404, description: 'CASE.NOT_FOUND, HISTORY.NOT_FOUND' })
  @ApiResponse({ status: 503, description: 'TEMPORAL.UNAVAILABLE' })
  async replay(@CurrentPrincipal() p: Principal, @Param('caseId', caseIdPipe) caseId: string): Promise<ReplayReportDto> {
    await this.access.authorize(p, caseId, 'audit_replay');
    return this.histories.replay(caseId);
  }

  @Get('checkpoints')
  @Roles('auditor', 'admin')
  @ApiOperation({ summary: 'Puntos de control firmados del registro de eventos (ADR 0010), del primero al último' })
  @ApiOkResponse({ type: [CheckpointSummaryDto], description: 'Número, fecha, clave (kid), resumen y cantidad de cabezas de cada punto de control' })
  checkpoints(): Promise<CheckpointSummaryDto[]> {
    return this.log.checkpoints();
  }

  @Get('checkpoints/:number')
  @Roles('auditor', 'admin')
  @ApiOperation({
    summary:
      'Descarga un punto de control firmado: guárdelo fuera de la base y verifíquelo sin conexión con la clave pública (npm run audit -- verify-checkpoint)',
  })
  @ApiOkResponse({ type: SignedCheckpointDto, description: 'El documento firmado (JSON)' })
  @ApiResponse({ status: 400, description: 'number no es un entero positivo (VALIDATION.FAILED)' })
  @ApiResponse({ status: 404, description: 'CHECKPOINT.NOT_FOUND' })
  async checkpoint(@Param('number', checkpointNumberPipe) number: number, @Res({ passthrough: true }) res: Response): Promise<SignedCheckpointDto> {
    const found = number > 0 && number <= 2_147_483_647 ? await this.log.checkpoint(number) : null;
    if (!found) throw new ApiError('CHECKPOINT.NOT_FOUND', 'No existe un punto de control con ese número.', undefined, 404);
    res.setHeader('Content-Disposition', `attachment; filename="event-log-checkpoint-${number}.json"`);
    return found;
  }

  @Get('actions')
  @Roles('auditor', 'admin')
  @ApiOperation({ summary: 'Busca acciones en todos los trámites por actor, rol, tipo y periodo; con includeReads, también las consultas registradas' })
  @ApiOkResponse({ type: AuditActionPageDto })
  @ApiResponse({ status: 400, description: 'Filtros no válidos (VALIDATION.FAILED)' })
  async actions(@CurrentPrincipal() p: Principal, @Query() q: ActionSearchQueryDto): Promise<AuditActionPageDto> {
    const result = await this.log.searchActions(q);
    // The auditor has now read these cases' events: each one shown is logged once.
    for (const caseId of new Set(result.items.map((i) => i.caseId))) await this.access.log(p, caseId, 'audit_actions_search');
    return result;
  }
}
