import { Module } from '@nestjs/common';
import { CredentialsModule } from '../credentials/credentials.module';
import { FollowController } from './follow.controller';
import { FollowService } from './follow.service';

/** Follow my case (ADR 0017): public routes, the code store, the emailed code. */
@Module({ imports: [CredentialsModule], controllers: [FollowController], providers: [FollowService] })
export class FollowModule {}
