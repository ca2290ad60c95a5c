import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AgendaRepository } from '@tramites/persistence';
import { isCalendarDate, isKnownProvince } from '@tramites/contracts';
import { isLocalDate, toLocalDate } from '@tramites/domain';
import { Public } from '../auth/auth.guard';
import { PublicRateLimit } from '../auth/rate-limit';
import { ApiError } from '../errors/api-error';
import { AgencyListDto, SlotAvailabilityListDto } from './appointment-answers.dto';

/** How far ahead the agenda opens: later days have no slots yet (and are never created on request). */
export const BOOKING_HORIZON_DAYS = 90;

const addCalendarDays = (day: string, days: number): string => new Date(Date.parse(`${day}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

const fieldError = (field: string, message: string): ApiError => new ApiError('VALIDATION.FAILED', message, { fields: [{ field, message }] }, 400);

/** Where and when one can be attended: public, as the online booking (turnos en línea) is. */
@ApiTags('appointments')
@Public()
@PublicRateLimit()
@Controller('agencies')
export class AppointmentsController {
  constructor(private readonly agenda: AgendaRepository) {}

  @Get()
  @ApiOperation({ summary: 'Agencias (Centros de Atención Universal) de una provincia' })
  @ApiQuery({ name: 'province', required: false, example: 'PICHINCHA' })
  @ApiOkResponse({ type: AgencyListDto })
  async agencies(@Query('province') province?: string): Promise<AgencyListDto> {
    if (province !== undefined && !isKnownProvince(province))
      throw fieldError('province', 'province debe ser una provincia del Ecuador (por ejemplo PICHINCHA)');
    return { items: await this.agenda.agencies(province) };
  }

  @Get(':agencyId/availability')
  @ApiOperation({ summary: 'Horarios con cupos de una agencia en un día hábil' })
  @ApiQuery({ name: 'date', required: true, example: '2026-12-01' })
  @ApiOkResponse({ type: SlotAvailabilityListDto })
  @ApiResponse({ status: 404, description: 'AGENCY.NOT_FOUND' })
  @ApiResponse({ status: 429, description: 'RATE.LIMITED' })
  async availability(@Param('agencyId') agencyId: string, @Query('date') date: string): Promise<SlotAvailabilityListDto> {
    if (typeof date !== 'string' || !isLocalDate(date) || !isCalendarDate(date)) throw fieldError('date', 'date debe ser una fecha AAAA-MM-DD que exista');
    const today = toLocalDate(Date.now());
    const last = addCalendarDays(today, BOOKING_HORIZON_DAYS);
    if (date < today || date > last) throw fieldError('date', `date debe estar entre hoy (${today}) y ${BOOKING_HORIZON_DAYS} días después (${last})`);
    if (!/^[A-Z0-9-]{2,40}$/.test(agencyId)) throw new ApiError('AGENCY.NOT_FOUND');
    if (!(await this.agenda.agency(agencyId))) throw new ApiError('AGENCY.NOT_FOUND');
    const items = await this.agenda.availability(agencyId, date);
    return { items: items.filter((s) => s.available > 0) };
  }
}
