import { Body, Controller, Headers, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { checkIdempotencyKey } from '../access/idempotency-key';
import { CurrentPrincipal, Roles } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { DeskBookingDto, DeskBookingResultDto } from './desk-booking.dto';
import { DeskBookingService } from './desk-booking.service';

/** The desk books an online turno on the applicant's behalf (ADR 0030): 000, 001 and 002 in person. */
@ApiTags('desk')
@ApiBearerAuth()
@Controller('desk/bookings')
export class DeskBookingController {
  constructor(private readonly bookings: DeskBookingService) {}

  @Post()
  @Roles('case_manager')
  @ApiOperation({
    summary:
      'Reserva en ventanilla el turno en línea por cuenta de la persona: abre el trámite con las reglas de la reserva en línea, toma el primer cupo libre de la agencia del gestor en el día (hoy si falta) y, si es hoy, registra la llegada',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Clave única por reserva: un reintento devuelve el mismo trámite y el mismo turno' })
  @ApiResponse({ status: 201, type: DeskBookingResultDto, description: 'Trámite abierto y turno reservado; la confirmación va al correo de la persona' })
  @ApiResponse({ status: 200, type: DeskBookingResultDto, description: 'La misma reserva ya se había hecho con esta clave' })
  @ApiResponse({
    status: 422,
    description:
      'APPOINTMENT.SLOT_FULL (el día no tiene cupos: elija otro), o la reserva en línea lo rechaza (ELIGIBILITY.ALREADY_HAS_CODE y demás, con reasons)',
  })
  async book(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: DeskBookingDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<DeskBookingResultDto> {
    const result = await this.bookings.book(principal, dto, checkIdempotencyKey(key));
    res.status(result.created ? 201 : 200);
    return result;
  }
}
