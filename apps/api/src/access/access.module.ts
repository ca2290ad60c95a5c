import { Global, Module } from '@nestjs/common';
import { CaseAccessService } from './case-access.service';
import { CaseUpdates } from './case-updates';

@Global()
@Module({ providers: [CaseAccessService, CaseUpdates], exports: [CaseAccessService, CaseUpdates] })
export class AccessModule {}
