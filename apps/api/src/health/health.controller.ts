import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Connection } from '@temporalio/client';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.guard';
import { ApiConfig } from '../config/api.config';
import { HealthReportDto } from './health-report.dto';

type Status = 'up' | 'down';

@Public()
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(Connection) private readonly temporal: Connection,
    private readonly dataSource: DataSource,
    private readonly config: ApiConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Estado del API y de sus dependencias (Temporal y PostgreSQL)' })
  @ApiOkResponse({ type: HealthReportDto, description: 'Todas las dependencias responden' })
  @ApiServiceUnavailableResponse({ type: HealthReportDto, description: 'Alguna dependencia no responde' })
  async check(@Res({ passthrough: true }) res: Response): Promise<HealthReportDto> {
    const [temporal, database] = await Promise.all([this.temporalStatus(), this.databaseStatus()]);
    const ok = temporal === 'up' && database === 'up';
    res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ok ? 'ok' : 'degraded', temporal, database };
  }

  private temporalStatus(): Promise<Status> {
    const deadline = Date.now() + this.config.values.HEALTH_TIMEOUT_MS;
    return this.temporal
      .withDeadline(deadline, () => this.temporal.workflowService.getSystemInfo({}))
      .then((): Status => 'up')
      .catch((): Status => 'down');
  }

  private databaseStatus(): Promise<Status> {
    return withTimeout(this.dataSource.query('SELECT 1'), this.config.values.HEALTH_TIMEOUT_MS)
      .then((): Status => 'up')
      .catch((): Status => 'down');
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
