import { Module } from '@nestjs/common';
import { CaseListService } from './case-list.service';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';

@Module({ controllers: [CasesController], providers: [CasesService, CaseListService] })
export class CasesModule {}
