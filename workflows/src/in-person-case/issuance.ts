import { ActivityFailure, patched } from '@temporalio/workflow';
import { DUPLICATE_REVIEW_EVENTS, SYSTEM_ACTOR, poderId as poderIdOf, type AssignForeignerCodeInput } from '@tramites/contracts';
import { makeReason, reasonText, toLocalDate } from '@tramites/domain';
import { reasonsText } from '../case-kernel';
import type { InPersonCase } from './in-person-case';
import { possibleDuplicate } from './duplicate-review.state';
import { close, nextStuckRetry, stuckAt } from './in-person-case.state';

/**
 * ADR 0016: issuance dedupes on every document and on the normalised name key, and a
 * probable match waits for a case manager ("posible duplicado"). Cases started before keep
 * their recorded issueForeignerCode call.
 */
export const DUPLICATE_REVIEW_PATCH = 'foreigner-code-duplicate-review';

/** Issuance: poder re-checked, registry consulted (002), code assigned once, signed PDF stored. */
export async function issue(c: InPersonCase): Promise<void> {
  const { input, registry } = c;
  if (input.poder && !c.view.poder) {
    c.view = { ...c.view, status: 'legal_review' };
    return;
  }
  const issuedAt = new Date().toISOString();
  try {
    if (input.poder) {
      // Scope and validity are checked again at issuance, not only when endorsed.
      const current = await registry.lookupPoder({ poderId: poderIdOf(input.poder), asOf: toLocalDate(Date.now()) });
      if (current.status !== 'endorsed') {
        const code = current.status === 'revoked' ? 'PODER.REVOKED' : current.status === 'expired' ? 'PODER.EXPIRED' : 'PODER.NOT_ENDORSED';
        c.view = close(c.view, 'rejected', [makeReason(code)]);
        await c.record('CASE_REJECTED', SYSTEM_ACTOR, { reasons: [code] }, c.email('CASE_REJECTED', { reasons: reasonText(code) }));
        return;
      }
    }
    if (input.procedure === 'NON_AFFILIATION_CERTIFICATE') {
      const facts = await registry.lookupRegistry({ holder: input.holder });
      // 002, Requisitos: only for someone with neither foreigner code nor cédula (nor affiliation).
      const codes = [
        ...(facts.hasForeignerCode ? (['ELIGIBILITY.HAS_FOREIGNER_CODE'] as const) : []),
        ...(facts.hasCedula ? (['ELIGIBILITY.HAS_CEDULA'] as const) : []),
        ...(facts.isAffiliated ? (['ELIGIBILITY.IS_AFFILIATED'] as const) : []),
      ];
      if (codes.length > 0) {
        const reasons = codes.map((code) => makeReason(code));
        c.view = close(c.view, 'rejected', reasons);
        await c.record('CASE_REJECTED', SYSTEM_ACTOR, { reasons: codes, registry: facts }, c.email('CASE_REJECTED', { reasons: reasonsText(reasons) }));
        return;
      }
      const doc = await registry.issueDocument({ caseId: input.caseId, kind: 'NON_AFFILIATION_CERTIFICATE', holder: input.holder, issuedAt, ...c.agencyOf() });
      c.view = close(
        {
          ...c.view,
          stuck: undefined,
          result: { kind: 'NON_AFFILIATION_CERTIFICATE', verificationNumber: doc.verificationNumber, documentSha256: doc.sha256, issuedAt },
        },
        'issued',
      );
      await c.record(
        'CERTIFICATE_ISSUED',
        SYSTEM_ACTOR,
        { verificationNumber: doc.verificationNumber, sha256: doc.sha256 },
        {
          ...c.email('CERTIFICATE_ISSUED', { verificationNumber: doc.verificationNumber }),
          attachments: [{ filename: 'certificado-no-afiliacion.pdf', sha256: doc.sha256, contentType: 'application/pdf' }],
        },
      );
      return;
    }
    let code: string;
    let alreadyHad: boolean;
    if (patched(DUPLICATE_REVIEW_PATCH)) {
      const review = c.view.duplicateReview;
      const decision: AssignForeignerCodeInput['decision'] =
        review?.decision === 'same_person' && review.code
          ? { kind: 'same_person', code: review.code }
          : review?.decision === 'different_person'
            ? { kind: 'different_person' }
            : undefined;
      const assigned = await registry.assignForeignerCode({ caseId: input.caseId, holder: input.holder, ...(decision ? { decision } : {}) });
      if (assigned.outcome === 'possible_duplicate') {
        c.view = possibleDuplicate(c.view, assigned.candidates, Date.now());
        await c.record(DUPLICATE_REVIEW_EVENTS.found, SYSTEM_ACTOR, { candidates: assigned.candidates.map((m) => m.code) }, c.email('CASE_DELAYED', {}));
        return;
      }
      ({ code, alreadyHad } = assigned);
    } else {
      ({ code, alreadyHad } = await registry.issueForeignerCode({ caseId: input.caseId, holder: input.holder }));
    }
    const doc = await registry.issueDocument({ caseId: input.caseId, kind: 'FOREIGNER_CODE', holder: input.holder, code, issuedAt, ...c.agencyOf() });
    c.view = close(
      {
        ...c.view,
        stuck: undefined,
        result: { kind: 'FOREIGNER_CODE', code, alreadyHad, verificationNumber: doc.verificationNumber, documentSha256: doc.sha256, issuedAt },
      },
      'issued',
    );
    await c.record(
      'FOREIGNER_CODE_ISSUED',
      SYSTEM_ACTOR,
      { code, alreadyHad, verificationNumber: doc.verificationNumber, sha256: doc.sha256 },
      {
        ...c.email('FOREIGNER_CODE_ISSUED', { code, alreadyHad, verificationNumber: doc.verificationNumber }),
        attachments: [{ filename: 'codigo-extranjero.pdf', sha256: doc.sha256, contentType: 'application/pdf' }],
      },
    );
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    const first = c.view.stuck === undefined;
    c.view = stuckAt(c.view, err.activityType ?? 'issuance', Date.now());
    await c.record(
      'CASE_STUCK',
      SYSTEM_ACTOR,
      { step: c.view.stuck?.step, attempts: c.view.stuck?.attempts, error: err.cause?.message ?? err.message },
      first ? c.email('CASE_DELAYED', {}) : undefined,
    );
  }
}

/** Waits for an officer's retry, or retries by itself after some office hours and escalates once. */
export async function waitWhileStuck(c: InPersonCase): Promise<void> {
  const retried = await c.retriedBefore(nextStuckRetry(c.settings, Date.now()));
  if (!retried && !c.view.stuck?.escalated) {
    c.view = { ...c.view, stuck: c.view.stuck ? { ...c.view.stuck, escalated: true } : undefined };
    await c.record('CASE_ESCALATED', SYSTEM_ACTOR, { step: c.view.stuck?.step, to: 'provincial_coordinator' });
  }
  c.view = { ...c.view, status: 'issuing' };
}
