import { Module } from '@nestjs/common';
import { DeskController } from './desk.http.controller';
import { WorkQueueService } from './work-queue.service';

/** The case manager's desk: work queues, a case's timeline, claims. */
@Module({ controllers: [DeskController], providers: [WorkQueueService] })
export class DeskModule {}
