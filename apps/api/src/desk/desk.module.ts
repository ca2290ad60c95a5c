import { Module } from '@nestjs/common';
import { ClaimsController } from './claims.http.controller';
import { ClaimsService } from './claims.service';
import { DeskController } from './desk.http.controller';
import { WorkQueueService } from './work-queue.service';

/** The case manager's desk: work queues, a case's timeline, claims (and the supervisor's reassignments). */
@Module({ controllers: [DeskController, ClaimsController], providers: [WorkQueueService, ClaimsService] })
export class DeskModule {}
