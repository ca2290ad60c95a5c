import { DeskCaseActionsController } from '../desk/case-actions.controller';
import { DeskCasePageController } from '../desk/case-page.controller';
import { LegalDeskController } from '../desk/legal-desk.controller';
import { DeskQueuesController } from '../desk/queues.controller';
import { DeskWalkInController } from '../desk/walk-in.controller';
import { DeskWindowController } from '../desk/window.controller';
import { AdminController } from './admin.controller';
import { AuditorController } from './auditor.controller';
import { CodecProxyController } from './codec-proxy.controller';
import { SignInController } from './sign-in.controller';

export { officerCodecCors } from './codec-proxy.controller';

/** Every controller of the officers' pages (/oficina). */
export const OFFICER_CONTROLLERS = [
  SignInController,
  CodecProxyController,
  AuditorController,
  AdminController,
  DeskQueuesController,
  DeskWalkInController,
  DeskCasePageController,
  DeskCaseActionsController,
  DeskWindowController,
  LegalDeskController,
];
