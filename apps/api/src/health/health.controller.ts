import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { databaseAnswers } from '@tramites/persistence';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.guard';
import { ApiConfig } from '../config/api.config';
import { TemporalGateway } from '../temporal/temporal-gateway';
import { HealthReportDto } from './health-report.dto';

type Status = 'up' | 'down';

@Public()
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly temporal: TemporalGateway,
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
    return this.temporal.reachable(this.config.values.HEALTH_TIMEOUT_MS).then((up): Status => (up ? 'up' : 'down'));
  }

  private databaseStatus(): Promise<Status> {
    return withTimeout(databaseAnswers(this.dataSource), this.config.values.HEALTH_TIMEOUT_MS)
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
