import { AdminController } from './admin.controller';
import { AuditorController } from './auditor.controller';
import { DeskController } from '../desk/desk.controller';
import { LegalDeskController } from '../desk/legal-desk.controller';
import { CodecProxyController } from './codec-proxy.controller';
import { SignInController } from './sign-in.controller';

export { officerCodecCors } from './codec-proxy.controller';

/** Every controller of the officers' pages (/oficina). */
export const OFFICER_CONTROLLERS = [SignInController, CodecProxyController, AuditorController, AdminController, DeskController, LegalDeskController];
