import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Public, Roles } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { PublicRateLimit } from '../auth/rate-limit';
import { ApiError } from '../errors/api-error';
import { FileComplaintDto, FiledComplaintDto, TransparencyReportDto } from './transparency.dto';
import { TransparencyService, currentGuayaquilYear, transparencyCsv, type FiledComplaint, type TransparencyReport } from './transparency.service';

const caseIdPipe = new ParseUUIDPipe({
  exceptionFactory: () =>
    new ApiError('VALIDATION.FAILED', 'caseId debe ser un UUID', { fields: [{ field: 'caseId', message: 'caseId debe ser un UUID' }] }, 400),
});

const YEAR_RULE = 'year debe ser un año de cuatro cifras entre 2000 y 2100';

function parseYear(value: unknown): number {
  if (value === undefined || value === '') return currentGuayaquilYear();
  const year = typeof value === 'string' && /^\d{4}$/.test(value) ? Number(value) : NaN;
  if (!(year >= 2000 && year <= 2100)) {
    throw new ApiError('VALIDATION.FAILED', YEAR_RULE, { fields: [{ field: 'year', message: YEAR_RULE }] }, 400);
  }
  return year;
}

/** Complaints about a case ("quejas"): counted monthly in the sheets' "Transparencia" table. */
@ApiTags('transparency')
@ApiBearerAuth()
@Controller('cases')
export class ComplaintsController {
  constructor(private readonly transparency: TransparencyService) {}

  @Post(':caseId/complaints')
  @Roles('applicant', 'case_manager')
  @ApiOperation({ summary: 'Registra una queja sobre un trámite (el solicitante en su trámite; el funcionario en los de su agencia)' })
  @ApiResponse({ status: 201, type: FiledComplaintDto, description: 'Queja registrada' })
  @ApiResponse({ status: 400, description: 'description de 10 a 2000 caracteres, caseId UUID (VALIDATION.FAILED)' })
  @ApiResponse({ status: 401, description: 'AUTH.TOKEN_REQUIRED, AUTH.TOKEN_INVALID' })
  @ApiResponse({ status: 403, description: 'AUTH.ROLE_NOT_ALLOWED, AUTH.NOT_YOUR_CASE, AUTH.OUT_OF_SCOPE' })
  @ApiResponse({ status: 404, description: 'CASE.NOT_FOUND' })
  fileComplaint(@CurrentPrincipal() principal: Principal, @Param('caseId', caseIdPipe) caseId: string, @Body() dto: FileComplaintDto): Promise<FiledComplaint> {
    return this.transparency.fileComplaint(principal, caseId, dto.description);
  }
}

/** The "Transparencia" table of every sheet, produced from our own records; public like the sheets. */
@ApiTags('transparency')
@Public()
@PublicRateLimit()
@ApiResponse({ status: 400, description: YEAR_RULE + ' (VALIDATION.FAILED)' })
@ApiResponse({ status: 429, description: 'RATE.LIMITED' })
@Controller()
export class TransparencyController {
  constructor(private readonly transparency: TransparencyService) {}

  @Get('transparency')
  @ApiOperation({
    summary: 'Transparencia: volumen de quejas y de atenciones por trámite y mes',
    description:
      'Los cinco trámites y los 12 meses del año (hora de Ecuador). Atenciones: trámites cerrados como emitidos, rechazados o abandonados, en el mes de su cierre. Quejas: en el mes de su registro.',
  })
  @ApiQuery({ name: 'year', required: false, example: '2026', description: 'Año (por defecto, el año en curso)' })
  @ApiResponse({ status: 200, type: TransparencyReportDto })
  report(@Query('year') year?: string): Promise<TransparencyReport> {
    return this.transparency.report(parseYear(year));
  }

  @Get('transparency.csv')
  @ApiOperation({ summary: 'Transparencia en CSV (una fila por trámite y mes, con encabezado)' })
  @ApiQuery({ name: 'year', required: false, example: '2026' })
  @ApiProduces('text/csv')
  @ApiResponse({
    status: 200,
    description:
      'text/csv; charset=utf-8, con BOM; columnas: Trámite, Ficha, Nombre del trámite, Año, Mes, Nombre del mes, Volumen de Quejas, Volumen de Atenciones',
  })
  async csv(@Res() res: Response, @Query('year') year?: string): Promise<void> {
    const parsed = parseYear(year);
    const body = transparencyCsv(await this.transparency.report(parsed));
    res
      .status(200)
      .set({ 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="transparencia-${parsed}.csv"` })
      .send(body);
  }
}
