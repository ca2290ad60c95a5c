import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { isCalendarDate } from '@tramites/contracts';
import { AgencyAdminError, AgencyAdminRepository, DevOfficerRepository } from '@tramites/persistence';
import { CurrentPrincipal, RequiresRecentAuth, Roles } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { ApiConfig } from '../config/api.config';
import { ApiError } from '../errors/api-error';
import {
  AdminAgencyDto,
  AdminAgencyListDto,
  AdminDaySlotListDto,
  AgencyHolidayListDto,
  HolidayAddedDto,
  ProviderOfficerDto,
  ProviderOfficerListDto,
} from './back-office-answers.dto';
import { AgencyHoursDto, DayQueryDto, HolidayDto, OfficerRoleDto } from './back-office.dto';

const AGENCY_ID = /^[A-Z0-9-]{2,40}$/;
const fieldError = (field: string, message: string): ApiError =>
  new ApiError('VALIDATION.FAILED', `${field} ${message}`, { fields: [{ field, message: `${field} ${message}` }] }, 400);

/** A scope the catalogue does not have (an agency saved under another province): 400, in words. */
const scopeRefused = (field: string, message: string): ApiError => new ApiError('VALIDATION.FAILED', message, { fields: [{ field, message }] }, 400);

function agencyIdOf(id: string): string {
  if (!AGENCY_ID.test(id)) throw new ApiError('AGENCY.NOT_FOUND');
  return id;
}

function calendarDay(field: string, day: string): string {
  if (!isCalendarDate(day)) throw fieldError(field, 'debe ser una fecha AAAA-MM-DD que exista');
  return day;
}

async function mapped<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof AgencyAdminError) throw new ApiError(err.code, err.message, undefined, err.status);
    throw err;
  }
}

/**
 * The administrator: agencies, their office hours and seats per slot, local
 * holidays per agency, the day's slots; and the officers' roles when the embedded OpenID
 * provider is used (with IESS's own provider, roles are managed there).
 */
@ApiTags('admin')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'Sin token o token no válido (AUTH.TOKEN_REQUIRED, AUTH.TOKEN_INVALID)' })
@ApiResponse({ status: 403, description: 'Solo administradores (AUTH.ROLE_NOT_ALLOWED)' })
@Roles('admin')
@Controller('admin')
export class AdminController {
  constructor(
    private readonly agencies: AgencyAdminRepository,
    private readonly officers: DevOfficerRepository,
    private readonly config: ApiConfig,
  ) {}

  @Get('agencies')
  @ApiOperation({ summary: 'Agencias con su horario, minutos por turno y puestos por turno' })
  @ApiOkResponse({ type: AdminAgencyListDto })
  async list(): Promise<AdminAgencyListDto> {
    return { items: await this.agencies.agencies() };
  }

  @Put('agencies/:agencyId/hours')
  @ApiOperation({ summary: 'Cambia el horario, los minutos por turno y los puestos por turno (valen para los turnos que se creen desde ahora)' })
  @ApiOkResponse({ type: AdminAgencyDto })
  @ApiResponse({ status: 400, description: 'VALIDATION.FAILED' })
  @ApiResponse({ status: 404, description: 'AGENCY.NOT_FOUND' })
  async setHours(@Param('agencyId') agencyId: string, @Body() body: AgencyHoursDto): Promise<AdminAgencyDto> {
    if (body.closesAt <= body.opensAt) throw fieldError('closesAt', 'debe ser posterior a opensAt');
    return mapped(this.agencies.setHours(agencyIdOf(agencyId), body));
  }

  @Get('agencies/:agencyId/holidays')
  @ApiOperation({ summary: 'Feriados locales de la agencia' })
  @ApiOkResponse({ type: AgencyHolidayListDto })
  async holidays(@Param('agencyId') agencyId: string): Promise<AgencyHolidayListDto> {
    return { items: await this.agencies.holidays(agencyIdOf(agencyId)) };
  }

  @Post('agencies/:agencyId/holidays')
  @ApiOperation({ summary: 'Declara un feriado local: quita los turnos libres de ese día y no se crean más' })
  @ApiCreatedResponse({ type: HolidayAddedDto, description: 'Feriado registrado; removedSlots: turnos quitados' })
  @ApiResponse({ status: 404, description: 'AGENCY.NOT_FOUND' })
  @ApiResponse({ status: 409, description: 'AGENCY.HOLIDAY_HAS_APPOINTMENTS, AGENCY.HOLIDAY_EXISTS' })
  async addHoliday(@CurrentPrincipal() p: Principal, @Param('agencyId') agencyId: string, @Body() body: HolidayDto): Promise<HolidayAddedDto> {
    const day = calendarDay('day', body.day);
    const { removedSlots } = await mapped(this.agencies.addHoliday(agencyIdOf(agencyId), day, body.name.trim(), p.sub));
    return { agencyId, day, removedSlots };
  }

  @Delete('agencies/:agencyId/holidays/:day')
  @HttpCode(204)
  @ApiOperation({ summary: 'Quita un feriado local (los turnos de ese día se vuelven a crear al consultarlos)' })
  @ApiResponse({ status: 404, description: 'AGENCY.HOLIDAY_NOT_FOUND' })
  async removeHoliday(@Param('agencyId') agencyId: string, @Param('day') day: string): Promise<void> {
    if (!(await this.agencies.removeHoliday(agencyIdOf(agencyId), calendarDay('day', day)))) throw new ApiError('AGENCY.HOLIDAY_NOT_FOUND');
  }

  @Get('agencies/:agencyId/slots')
  @ApiOperation({ summary: 'Turnos del día de la agencia, con cupos y reservas (ninguno en feriado)' })
  @ApiOkResponse({ type: AdminDaySlotListDto })
  async slots(@Param('agencyId') agencyId: string, @Query() q: DayQueryDto): Promise<AdminDaySlotListDto> {
    return { items: await this.agencies.daySlots(agencyIdOf(agencyId), calendarDay('date', q.date)) };
  }

  private embedded(): void {
    if (this.config.values.OIDC_EMBEDDED_PROVIDER !== 'true') throw new ApiError('OFFICER.PROVIDER_EXTERNAL');
  }

  @Get('officers')
  @ApiOperation({ summary: 'Funcionarios del proveedor de identidad integrado (solo desarrollo) y sus roles' })
  @ApiResponse({ status: 409, description: 'OFFICER.PROVIDER_EXTERNAL: los roles se administran en el proveedor del IESS' })
  @ApiOkResponse({ type: ProviderOfficerListDto })
  async listOfficers(): Promise<ProviderOfficerListDto> {
    this.embedded();
    return { items: await this.officers.list() };
  }

  @Put('officers/:username/role')
  @RequiresRecentAuth()
  @ApiOperation({ summary: 'Cambia el rol, la agencia o la provincia de un funcionario (valen desde su próximo ingreso)' })
  @ApiResponse({ status: 404, description: 'OFFICER.NOT_FOUND' })
  @ApiResponse({ status: 409, description: 'OFFICER.PROVIDER_EXTERNAL: los roles se administran en el proveedor del IESS' })
  @ApiOkResponse({ type: ProviderOfficerDto })
  async setRole(@Param('username') username: string, @Body() body: OfficerRoleDto): Promise<ProviderOfficerDto> {
    this.embedded();
    const agencyScoped = body.role === 'case_manager' || body.role === 'supervisor';
    if (agencyScoped && !body.agencyId) throw fieldError('agencyId', `es obligatorio para ${body.role}`);
    if (body.role === 'legal_unit' && !body.province) throw fieldError('province', 'es obligatoria para legal_unit');
    // The scope names the catalogue: an agency that exists, and the province it is in (never another).
    const catalogue = await this.agencies.agencies();
    let province = body.province ?? null;
    if (agencyScoped) {
      const agency = catalogue.find((a) => a.id === body.agencyId);
      if (!agency) throw scopeRefused('agencyId', `La agencia ${body.agencyId ?? ''} no es una agencia activa del catálogo: elíjala de la lista.`);
      if (province && province !== agency.province)
        throw scopeRefused(
          'province',
          `La agencia ${agency.id} es de ${agency.province}, no de ${province}: elija ${agency.province} o deje la provincia vacía.`,
        );
      province = agency.province;
    } else if (body.role === 'legal_unit' && !catalogue.some((a) => a.province === province)) {
      throw scopeRefused('province', `${province ?? ''} no es una provincia con agencias del catálogo: elíjala de la lista.`);
    }
    const found = await this.officers.setRole(
      username,
      body.role,
      agencyScoped ? (body.agencyId ?? null) : null,
      body.role === 'legal_unit' || agencyScoped ? province : null,
    );
    if (!found) throw new ApiError('OFFICER.NOT_FOUND');
    return found;
  }
}
