/**
 * How a case ended, in words (its final status: libs/contracts case.ts FINAL_STATUSES and
 * credential.ts CREDENTIAL_FINAL_STATUSES), for the refusal of an action on it (CASE.CLOSED).
 */
const HOW_IT_ENDED: Readonly<Record<string, string>> = {
  issued: 'se emitió su documento',
  rejected: 'fue negado',
  lapsed: 'caducó porque nadie acudió al turno',
  cancelled: 'fue cancelado',
  abandoned: 'se abandonó sin completarse',
  verification_failed: 'no se verificó el correo de quien lo presentó',
  expired: 'venció su plazo',
};

/**
 * The message of CASE.CLOSED for a case whose final status is `status`: that it ended, how, and
 * what is still possible (an issued document is sent again by the resend of ADR 0024).
 */
export function closedCaseMessage(status: string | null | undefined): string {
  const how = status ? HOW_IT_ENDED[status] : undefined;
  if (!how) return 'El trámite ya terminó y no admite más acciones.';
  const next = status === 'issued' ? ' Si la persona necesita el documento otra vez, use «Reenviar el documento emitido».' : '';
  return `El trámite ya terminó: ${how}. No admite más acciones.${next}`;
}
