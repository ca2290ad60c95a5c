import { AdminAgenciesController } from '../admin/agencies.controller';
import { AdminOfficersController } from '../admin/officers.controller';
import { AuditCaseController } from '../audit/audit-case.controller';
import { AuditSearchController } from '../audit/audit-search.controller';
import { DeskCaseActionsController } from '../desk/case-actions.controller';
import { DeskCasePageController } from '../desk/case-page.controller';
import { LegalDeskController } from '../legal/legal-desk.controller';
import { DeskQueuesController } from '../desk/queues.controller';
import { DeskWalkInController } from '../desk/walk-in.controller';
import { DeskWindowController } from '../desk/window.controller';
import { CodecProxyController } from './codec-proxy.controller';
import { SignInController } from './sign-in.controller';

export { officerCodecCors } from './codec-proxy.controller';

/** Every controller of the officers' pages (/oficina). */
export const OFFICER_CONTROLLERS = [
  SignInController,
  CodecProxyController,
  AuditSearchController,
  AuditCaseController,
  AdminAgenciesController,
  AdminOfficersController,
  DeskQueuesController,
  DeskWalkInController,
  DeskCasePageController,
  DeskCaseActionsController,
  DeskWindowController,
  LegalDeskController,
];
