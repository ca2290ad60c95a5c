import { Module } from '@nestjs/common';
import { AuditController } from './audit.http.controller';
import { CaseHistoryService } from './case-history.service';
import { CaseLogService } from './case-log.service';

/** Auditors: timeline, state as of an instant, hash-chain verification, history export and replay, action search. */
@Module({ controllers: [AuditController], providers: [CaseLogService, CaseHistoryService] })
export class AuditModule {}
