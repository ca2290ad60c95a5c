import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { LegalInboxService } from './legal-inbox.service';
import { LegalController } from './legal.http.controller';
import { PoderDecisionService } from './poder-decision.service';
import { PoderReviewController } from './poder-review.http.controller';
import { PoderReviewService } from './poder-review.service';

/** The provincial legal unit: inbox of poderes, endorsement or rejection, registry of endorsed poderes. */
@Module({
  imports: [DocumentsModule],
  controllers: [LegalController, PoderReviewController],
  providers: [LegalInboxService, PoderDecisionService, PoderReviewService],
})
export class LegalModule {}
