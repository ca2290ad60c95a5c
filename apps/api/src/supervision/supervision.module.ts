import { Module } from '@nestjs/common';
import { SupervisionController } from './supervision.http.controller';
import { SupervisionService } from './supervision.service';

/** The agency supervisor's view of the day. */
@Module({ controllers: [SupervisionController], providers: [SupervisionService] })
export class SupervisionModule {}
