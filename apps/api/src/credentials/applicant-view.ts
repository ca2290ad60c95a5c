import type { AnyCaseView } from '../access/case-access.service';
import type { Principal } from '../auth/principal';

/**
 * 003: nothing personal before the identity is proved. After the identity number and the
 * captcha, anyone could type someone else's number: the affiliate's name (and the masked
 * email) are shown to the applicant only once the questions are passed, when the workflow
 * sets the email to confirm (003, VIRTUAL 9: "se desplegará una pantalla con sus datos
 * personales y su CORREO ELECTRÓNICO"). Officers see the case whole.
 */
export function withoutUnprovedIdentity<V extends AnyCaseView>(view: V, principal: Principal): V {
  if (principal.role !== 'applicant' || view.procedure !== 'AFFILIATE_PORTAL_PASSWORD' || !('holder' in view) || view.email) return view;
  if (!('kind' in view.holder) || view.holder.name === undefined) return view;
  const { name: _hidden, ...holder } = view.holder;
  return { ...view, holder };
}

/** The 003 statuses reached only after the identity questions were passed. */
const PROVED_STATUSES: ReadonlySet<string> = new Set(['awaiting_email', 'link_sent', 'link_expired', 'issued']);

/** The same rule for a row of the case list (the read model): an applicant sees the 003 holder's name only once proved. */
export function listRowWithoutUnprovedIdentity<R extends { procedure: string; status: string; holderName: string | null }>(row: R, principal: Principal): R {
  if (principal.role !== 'applicant' || row.procedure !== 'AFFILIATE_PORTAL_PASSWORD' || PROVED_STATUSES.has(row.status)) return row;
  return { ...row, holderName: null };
}
