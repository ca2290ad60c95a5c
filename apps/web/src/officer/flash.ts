import { officerSessionOf, type OfficerRequest, type OfficerSession } from './officer-session';

/** A message for the next page (the result of an action, or why it was refused). */
export type Flash = { kind: 'success' | 'error'; title: string; text: string };
type FlashSession = OfficerSession & { deskFlash?: Flash };

export function flash(req: OfficerRequest, f: Flash): void {
  (officerSessionOf(req) as FlashSession).deskFlash = f;
}

export function takeFlash(req: OfficerRequest): Flash | undefined {
  const s = officerSessionOf(req) as FlashSession;
  const f = s.deskFlash;
  delete s.deskFlash;
  return f;
}
