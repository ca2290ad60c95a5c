import { Module } from '@nestjs/common';
import { CredentialsModule } from '../credentials/credentials.module';
import { CaseListService } from './case-list.service';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';
import { DeskBookingController } from './desk-booking.controller';
import { DeskBookingService } from './desk-booking.service';
import { IssuedDocumentService } from './issued-document.service';
import { PublicCasesController } from './public-cases.controller';

@Module({
  imports: [CredentialsModule],
  controllers: [CasesController, PublicCasesController, DeskBookingController],
  providers: [CasesService, CaseListService, IssuedDocumentService, DeskBookingService],
})
export class CasesModule {}
