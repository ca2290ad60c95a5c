import { Module } from '@nestjs/common';
import { AdminController } from './admin.controller';
import { OfficerAccessController } from './officer-access.controller';
import { WebSessionStoreController } from './web-session-store.controller';

/** The officers' back office (ADR 0021): the web pages' session store, the officers' access log, the administrator's routes. */
@Module({ controllers: [WebSessionStoreController, OfficerAccessController, AdminController] })
export class BackOfficeModule {}
