import { Module } from '@nestjs/common';
import { WaitingListController } from './waiting-list.controller';
import { WaitingListService } from './waiting-list.service';

/** The waiting list of an agency's day (ADR 0029). */
@Module({ controllers: [WaitingListController], providers: [WaitingListService] })
export class WaitingListModule {}
