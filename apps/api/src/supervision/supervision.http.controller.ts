import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { AgencyDayDto, AgencyDayQueryDto } from './supervision.dto';
import { SupervisionService } from './supervision.service';

/** The supervisor of an agency: the day's numbers (ADR 0022, amended). */
@ApiTags('supervision')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'Sin token o token no válido (AUTH.TOKEN_REQUIRED, AUTH.TOKEN_INVALID)' })
@ApiResponse({ status: 403, description: 'Solo supervisores de agencia (AUTH.ROLE_NOT_ALLOWED)' })
@Controller('supervision')
export class SupervisionController {
  constructor(private readonly supervision: SupervisionService) {}

  @Get('day')
  @Roles('supervisor')
  @ApiOperation({
    summary:
      'El día de la agencia: turnos reservados, llegadas, atendidos, ausentes, tiempos de espera (llegada → llamado, llamado → atención), plazos en riesgo y trámites por funcionario',
  })
  @ApiOkResponse({ type: AgencyDayDto })
  @ApiResponse({ status: 400, description: 'date no es una fecha (VALIDATION.FAILED)' })
  day(@CurrentPrincipal() p: Principal, @Query() q: AgencyDayQueryDto): Promise<AgencyDayDto> {
    return this.supervision.day(p, q.date);
  }
}
