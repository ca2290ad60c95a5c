import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { OfficerAccessLogRepository, OfficerDirectoryRepository, ReadLogRepository } from '@tramites/persistence';
import { Roles } from '../auth/auth.guard';
import { CaseReadPageDto, CodecReadPageDto, OfficerAccessPageDto } from './back-office-answers.dto';
import { OfficerAccessQueryDto, ReadLogQueryDto } from './back-office.dto';

const PAGE = 50;

/** One page of newest-first rows (PAGE + 1 were read: the extra one says there is a next page). */
function pageOf<T extends { id: string }>(items: T[]): { items: T[]; next?: string } {
  const page = items.slice(0, PAGE);
  const last = page[page.length - 1];
  return { items: page, ...(items.length > PAGE && last ? { next: last.id } : {}) };
}

/** The officers' sign-ins, failed sign-ins, sign-outs, re-authentications and refused accesses (ADR 0021). */
@ApiTags('audit')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'Sin token o token no válido (AUTH.TOKEN_REQUIRED, AUTH.TOKEN_INVALID)' })
@ApiResponse({ status: 403, description: 'Solo auditores y administradores (AUTH.ROLE_NOT_ALLOWED)' })
@Controller('audit')
export class OfficerAccessController {
  constructor(
    private readonly log: OfficerAccessLogRepository,
    private readonly reads: ReadLogRepository,
    private readonly directory: OfficerDirectoryRepository,
  ) {}

  /** The rows with the directory's name of the officer each one names (null when it does not know them). */
  private async named<T>(
    items: T[],
    idOf: (t: T) => string | null | undefined,
    key: 'actorName' | 'officerName',
  ): Promise<Array<T & Record<typeof key, string | null>>> {
    const names = await this.directory.namesOf(items.map((i) => idOf(i) ?? ''));
    return items.map((i) => ({ ...i, [key]: names.get(idOf(i) ?? '') ?? null }) as T & Record<typeof key, string | null>);
  }

  @Get('officer-access')
  @Roles('auditor', 'admin')
  @ApiOperation({ summary: 'Ingresos, ingresos fallidos, salidas y accesos rechazados de los funcionarios (los más recientes primero, 50 por página)' })
  @ApiOkResponse({ type: OfficerAccessPageDto })
  @ApiResponse({ status: 400, description: 'Filtros no válidos (VALIDATION.FAILED)' })
  async search(@Query() q: OfficerAccessQueryDto): Promise<OfficerAccessPageDto> {
    const items = await this.log.search({ ...q, limit: PAGE + 1 });
    return pageOf(await this.named(items, (i) => i.officerId, 'officerName'));
  }

  @Get('reads')
  @Roles('auditor', 'admin')
  @ApiOperation({ summary: 'Quién leyó qué: las consultas registradas de trámites (los más recientes primero, 50 por página)' })
  @ApiOkResponse({ type: CaseReadPageDto })
  @ApiResponse({ status: 400, description: 'Filtros no válidos (VALIDATION.FAILED)' })
  async caseReads(@Query() q: ReadLogQueryDto): Promise<CaseReadPageDto> {
    return pageOf(await this.named(await this.reads.caseReads({ ...q, limit: PAGE + 1 }), (i) => i.actorId, 'actorName'));
  }

  @Get('codec-access')
  @Roles('auditor', 'admin')
  @ApiOperation({ summary: 'Quién descifró datos de Temporal con el servidor de códec (los más recientes primero, 50 por página)' })
  @ApiOkResponse({ type: CodecReadPageDto })
  @ApiResponse({ status: 400, description: 'Filtros no válidos (VALIDATION.FAILED)' })
  async codecReads(@Query() q: ReadLogQueryDto): Promise<CodecReadPageDto> {
    const rows = await this.reads.codecReads({ ...(q.actorId ? { actorId: q.actorId } : {}), ...(q.before ? { before: q.before } : {}), limit: PAGE + 1 });
    return pageOf(await this.named(rows, (i) => i.actorId, 'actorName'));
  }
}
