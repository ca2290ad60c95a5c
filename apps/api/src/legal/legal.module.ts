import { Module } from '@nestjs/common';
import { LegalInboxService } from './legal-inbox.service';
import { LegalController } from './legal.http.controller';
import { PoderDecisionService } from './poder-decision.service';

/** The provincial legal unit: inbox of poderes, endorsement or rejection, registry of endorsed poderes. */
@Module({ controllers: [LegalController], providers: [LegalInboxService, PoderDecisionService] })
export class LegalModule {}
