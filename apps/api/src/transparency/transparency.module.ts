import { Module } from '@nestjs/common';
import { AgencyFiguresController } from './agency-figures.controller';
import { AgencyFiguresService } from './agency-figures.service';
import { ComplaintsController, TransparencyController } from './transparency.controller';
import { TransparencyService } from './transparency.service';

/** Complaints about cases, the public "Transparencia" figures (complaints and attended cases per month) and each agency's figures. */
@Module({ controllers: [ComplaintsController, TransparencyController, AgencyFiguresController], providers: [TransparencyService, AgencyFiguresService] })
export class TransparencyModule {}
