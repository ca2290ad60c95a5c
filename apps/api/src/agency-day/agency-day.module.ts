import { Module } from '@nestjs/common';
import { ArrivalPassController, CallingController, CallingScreenController } from './agency-day.http.controller';
import { AgencyDayService } from './agency-day.service';

/** The agency's day (ADR 0028): the confirmation's arrival pass, arrivals at the desk, the waiting room's calls. */
@Module({ controllers: [ArrivalPassController, CallingController, CallingScreenController], providers: [AgencyDayService] })
export class AgencyDayModule {}
