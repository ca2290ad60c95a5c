import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.guard';
import { PublicRateLimit } from '../auth/rate-limit';
import { AgencyFiguresListDto, AgencyReportDto } from './agency-figures.dto';
import { AgencyFiguresService, type AgencyFigures, type AgencyReport } from './agency-figures.service';

/** Public figures of each agency, beside the Transparencia table: the next free day, the recent wait and time to answer. */
@ApiTags('transparency')
@Public()
@PublicRateLimit()
@ApiResponse({ status: 429, description: 'RATE.LIMITED' })
@Controller('public/agencies')
export class AgencyFiguresController {
  constructor(private readonly figures: AgencyFiguresService) {}

  @Get()
  @ApiOperation({ summary: 'Cada agencia: primer día con cupos, espera reciente hasta el llamado y tiempo reciente hasta la respuesta' })
  @ApiOkResponse({ type: AgencyFiguresListDto })
  async list(): Promise<{ items: AgencyFigures[] }> {
    return { items: await this.figures.all() };
  }

  @Get(':agencyId')
  @ApiOperation({ summary: 'Una agencia: sus cifras y las medianas de los últimos 6 meses' })
  @ApiOkResponse({ type: AgencyReportDto })
  @ApiResponse({ status: 404, description: 'AGENCY.NOT_FOUND' })
  one(@Param('agencyId') agencyId: string): Promise<AgencyReport> {
    return this.figures.one(agencyId);
  }
}
