import { condition, setHandler } from '@temporalio/workflow';
import {
  AFFILIATE_PASSWORD_RULES,
  SYSTEM_ACTOR,
  confirmEmailUpdate,
  identityCheckedUpdate,
  unlockCredentialUpdate,
  type AffiliatePasswordInput,
  type CredentialCaseView,
  affiliatePasswordInputProblems,
} from '@tramites/contracts';
import { activities as acts, assertValidInput, refuse } from '../case-kernel';
import { foldText, makeReason, maskEmail, personalQuestionText, validateEmail } from '@tramites/domain';
import { CredentialCase } from './credential-case';
import { attemptsLeftAfter, closed, withStatus } from './credential-case.state';

const PROCEDURE_NAME = 'Clave de afiliado para acceso al portal IESS';

/**
 * Sheet 003, online: identity check (birth day and month, two work-history questions,
 * two personal questions; five failures lock the credential until an officer unlocks it),
 * email confirmed or changed, then the single-use 15-minute link.
 *
 * The answers and the password never reach this workflow: the API checks them against
 * the database and reports only the outcome (ADR 0007).
 */
export async function affiliatePasswordWorkflow(input: AffiliatePasswordInput): Promise<CredentialCaseView> {
  assertValidInput((strict) => affiliatePasswordInputProblems(input, strict));
  const c = new CredentialCase(
    {
      caseId: input.caseId,
      procedure: 'AFFILIATE_PORTAL_PASSWORD',
      channel: 'virtual',
      province: null,
      applicantId: input.identityNumber,
      holder: { kind: 'affiliate', id: input.identityNumber },
    },
    input.settings,
    PROCEDURE_NAME,
    AFFILIATE_PASSWORD_RULES,
  );
  let personalQuestionIds: string[] = [];
  let registeredEmail = '';
  let sessionEnds = Date.now() + c.settings.sessionMinutes * 60_000;

  c.registerCommonHandlers();

  setHandler(
    identityCheckedUpdate,
    (m) =>
      c.exclusive('answer_identity', m.actor, async () => {
        const data = { ordinal: m.ordinal, failedParts: m.failedParts, failedTotal: m.failedTotal };
        if (m.outcome === 'passed') {
          c.view = { ...withStatus(c.view, 'awaiting_email', sessionEnds), email: { masked: maskEmail(registeredEmail), confirmed: false, changed: false } };
          delete c.view.identityCheck;
          await c.record('IDENTITY_CHECK_PASSED', m.actor, data);
        } else if (m.outcome === 'locked') {
          c.view = withStatus(c.view, 'locked', Date.now() + c.settings.lockedWaitDays * 86_400_000);
          delete c.view.identityCheck;
          await c.record('CREDENTIAL_LOCKED', m.actor, data, c.email('CREDENTIAL_LOCKED', {}));
        } else {
          await c.record('IDENTITY_CHECK_FAILED', m.actor, { ...data, attemptsLeft: attemptsLeftAfter(m.failedTotal) });
          await drawChallenge(m.ordinal + 1, m.failedTotal);
        }
      }),
    {
      validator: (m) => {
        c.guard('answer_identity', m.actor);
        if (m.ordinal !== c.view.identityCheck?.ordinal)
          refuse('IDENTITY.STALE_CHALLENGE', 'Las respuestas corresponden a preguntas anteriores; responda las preguntas vigentes');
      },
    },
  );

  setHandler(
    confirmEmailUpdate,
    ({ actor, email }) =>
      c.exclusive('confirm_email', actor, async () => {
        const changed = foldText(email) !== foldText(registeredEmail);
        c.emailTo = email.trim();
        c.view = { ...c.view, email: { masked: maskEmail(c.emailTo), confirmed: true, changed } };
        await c.record(changed ? 'EMAIL_CHANGED' : 'EMAIL_CONFIRMED', actor, { email: maskEmail(c.emailTo) });
        await c.sendLink(actor);
      }),
    {
      validator: ({ actor, email }) => {
        c.guard('confirm_email', actor);
        const check = validateEmail(email ?? '', { field: 'email', label: 'Correo electrónico' });
        if (!check.ok) refuse('VALIDATION.FAILED', check.message);
      },
    },
  );

  setHandler(
    unlockCredentialUpdate,
    ({ actor, reason }) =>
      c.exclusive('unlock_credential', actor, async () => {
        sessionEnds = Date.now() + c.settings.sessionMinutes * 60_000;
        await c.record('CREDENTIAL_UNLOCKED', actor, { reason });
        await drawChallenge((c.view.identityCheck?.ordinal ?? lastOrdinal) + 1, 0);
      }),
    {
      validator: ({ actor, reason }) => {
        c.guard('unlock_credential', actor);
        if (!reason || reason.trim().length < 3) refuse('VALIDATION.REQUIRED', 'Indique el motivo del desbloqueo');
      },
    },
  );

  let lastOrdinal = 0;
  async function drawChallenge(ordinal: number, failedTotal: number): Promise<void> {
    lastOrdinal = ordinal;
    const { workHistory } = await acts.drawIdentityChallenge({ caseId: input.caseId, identityNumber: input.identityNumber, ordinal });
    if (workHistory.length === 0) {
      c.view = closed(c.view, 'rejected', [makeReason('PORTAL.NO_WORK_HISTORY')]);
      await c.record('CASE_REJECTED', SYSTEM_ACTOR, { reasons: ['PORTAL.NO_WORK_HISTORY'] });
      return;
    }
    const personal = personalQuestionIds.map((id) => ({ id, text: personalQuestionText(id) ?? id }));
    c.view = {
      ...withStatus(c.view, 'identity_check', sessionEnds),
      identityCheck: { ordinal, workHistory, personal, firstGeneration: personal.length === 0, failedTotal, attemptsLeft: attemptsLeftAfter(failedTotal) },
    };
    await c.record('IDENTITY_QUESTIONS_DRAWN', SYSTEM_ACTOR, { ordinal, questions: workHistory.map((q) => q.id), personal: personal.map((p) => p.id) });
  }

  // --- the life of the case ---------------------------------------------------------------------
  await c.record('CASE_OPENED', input.openedBy, { procedure: 'AFFILIATE_PORTAL_PASSWORD', channel: 'virtual' });
  const affiliate = await acts.lookupAffiliate({ identityNumber: input.identityNumber });
  if (!affiliate.found) {
    c.view = closed(c.view, 'rejected', [makeReason('PORTAL.NOT_AFFILIATED')]);
    await c.record('CASE_REJECTED', SYSTEM_ACTOR, { reasons: ['PORTAL.NOT_AFFILIATED'] });
  } else {
    registeredEmail = affiliate.email;
    c.emailTo = affiliate.email;
    personalQuestionIds = affiliate.personalQuestionIds;
    c.view = { ...c.view, holder: { ...c.view.holder, name: affiliate.fullName } };
    if (affiliate.locked) {
      c.view = withStatus(c.view, 'locked', Date.now() + c.settings.lockedWaitDays * 86_400_000);
      await c.record('CREDENTIAL_FOUND_LOCKED', SYSTEM_ACTOR, { failedTotal: affiliate.failedTotal });
    } else {
      await drawChallenge(1, affiliate.failedTotal);
    }
  }
  return c.live(async (status) => {
    switch (status) {
      case 'identity_check':
      case 'awaiting_email': {
        if (await c.timedOutIn(status, sessionEnds)) {
          c.view = closed(c.view, 'expired', [makeReason('PORTAL.SESSION_EXPIRED')]);
          await c.record('CASE_EXPIRED', SYSTEM_ACTOR, { reason: 'PORTAL.SESSION_EXPIRED', step: status });
        }
        break;
      }
      case 'locked':
        if (await c.timedOutIn('locked', Date.parse(c.view.deadlineAt ?? new Date().toISOString()))) {
          c.view = closed(c.view, 'abandoned', [makeReason('PORTAL.LOCK_NOT_LIFTED')]);
          await c.record('CASE_ABANDONED', SYSTEM_ACTOR, { reason: 'PORTAL.LOCK_NOT_LIFTED' });
        }
        break;
      default:
        await condition(() => c.isFinal());
    }
  });
}
