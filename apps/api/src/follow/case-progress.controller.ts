import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { ApiError } from '../errors/api-error';
import { CaseProgressDto } from './case-progress.dto';
import { CaseProgressService, type CaseProgress } from './case-progress.service';

const caseIdPipe = new ParseUUIDPipe({
  exceptionFactory: () =>
    new ApiError('VALIDATION.FAILED', 'caseId debe ser un UUID', { fields: [{ field: 'caseId', message: 'caseId debe ser un UUID' }] }, 400),
});

/** The course of a case in plain steps, and its predicted answer (follow my case). */
@ApiTags('follow')
@ApiBearerAuth()
@Controller('cases')
export class CaseProgressController {
  constructor(private readonly progress: CaseProgressService) {}

  @Get(':caseId/progress')
  @Roles('applicant', 'case_manager', 'legal_unit', 'auditor')
  @ApiOperation({
    summary: 'Curso del trámite para su titular: los pasos que ve el ciudadano y la fecha prevista de la respuesta',
    description:
      'La fecha prevista es el inicio de la etapa (turno, llegada a ventanilla o envío del poder a la unidad jurídica) más la mediana de los últimos 100 trámites de los últimos 90 días de la agencia o de la unidad jurídica de la provincia; sin fecha con menos de 5.',
  })
  @ApiOkResponse({ type: CaseProgressDto })
  @ApiResponse({ status: 401, description: 'AUTH.TOKEN_REQUIRED, AUTH.TOKEN_INVALID' })
  @ApiResponse({ status: 403, description: 'AUTH.NOT_YOUR_CASE, AUTH.OUT_OF_SCOPE, AUTH.ROLE_NOT_ALLOWED' })
  @ApiResponse({ status: 404, description: 'CASE.NOT_FOUND' })
  get(@CurrentPrincipal() principal: Principal, @Param('caseId', caseIdPipe) caseId: string): Promise<CaseProgress> {
    return this.progress.progress(principal, caseId);
  }
}
