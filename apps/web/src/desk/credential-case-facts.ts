import type { CredentialCaseView } from '@tramites/contracts';
import type { components } from '../api/api-types';
import { when } from '../officer/officer-format';

type FilingLike = components['schemas']['FilingDto'];

/**
 * A portal password case (004 at the window, ADR 0030 amended) on the desk's case page: the
 * employer as holder, the turno presented and, after the window, what became of the documents
 * (the link sent to the employer's registered address, masked by the workflow; the reasons).
 */
export function credentialCaseFacts(v: CredentialCaseView, filing: FilingLike | null) {
  const id = v.holder.id;
  return {
    holderName: v.holder.name ?? `Empleador ${id}`,
    holderDocument: /^\d{13}$/.test(id) ? `RUC ${id}` : `Empleador extranjero: documento ${id}`,
    turno: filing?.appointmentReference ? `Confirmación del Turno en Línea ${filing.appointmentReference}` : '',
    link: v.link ? { sentTo: v.link.sentTo, expires: when(v.link.expiresAt) } : undefined,
    closedReasons: (v.closedReason ?? []).map((r) => r.message),
    passwordSet: v.result ? `Clave creada el ${when(v.result.setAt)}.` : '',
  };
}
