import { Module } from '@nestjs/common';
import { CredentialsModule } from '../credentials/credentials.module';
import { CaseProgressController } from './case-progress.controller';
import { CaseProgressService } from './case-progress.service';
import { FollowController } from './follow.controller';
import { FollowService } from './follow.service';

/** Follow my case (ADR 0017): public routes, the code store, the emailed code; a case's course and its predicted answer. */
@Module({ imports: [CredentialsModule], controllers: [FollowController, CaseProgressController], providers: [FollowService, CaseProgressService] })
export class FollowModule {}
