import { Module } from '@nestjs/common';
import { ComplaintsController, TransparencyController } from './transparency.controller';
import { TransparencyService } from './transparency.service';

/** Complaints about cases, and the public "Transparencia" figures (complaints and attended cases per month). */
@Module({ controllers: [ComplaintsController, TransparencyController], providers: [TransparencyService] })
export class TransparencyModule {}
