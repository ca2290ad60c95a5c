import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  caseWorkflowId,
  confirmEmailUpdate,
  credentialReadyUpdate,
  identityCheckedUpdate,
  passwordSetUpdate,
  unlockCredentialUpdate,
  type AffiliatePasswordInput,
  type CredentialCaseView,
  type EmployerPasswordInput,
  type IdentityCheckedInput,
  WORKFLOW_TYPES,
} from '@tramites/contracts';
import {
  AFFILIATE_VERIFICATION_MAX_ATTEMPTS,
  PERSONAL_QUESTIONS,
  PERSONAL_QUESTION_COUNT,
  isAcceptableAnswer,
  isPersonalQuestionId,
  normalizeAnswer,
  validateAffiliatePassword,
  validateRuc,
} from '@tramites/domain';
import {
  CaseFilingsRepository,
  CaseLanguagesRepository,
  CaseReadModelRepository,
  CredentialsRepository,
  OfficerAccessLogRepository,
  PortalRegistryRepository,
  expectedAnswerHash,
  passwordLinkTokenHash,
  uuidFromDigest,
  type CaseLocale,
  type PasswordLinkRow,
  type StoredAnswer,
} from '@tramites/persistence';
import { withAvailableActions, type CaseViewWithActions } from '../access/available-actions';
import { CaseAccessService } from '../access/case-access.service';
import { CaseUpdates } from '../access/case-updates';
import { actorOf, type Principal } from '../auth/principal';
import { TokenService } from '../auth/token.service';
import { ApiConfig } from '../config/api.config';
import { ApiError, type FieldProblem } from '../errors/api-error';
import { TemporalGateway } from '../temporal/temporal-gateway';
import { CAPTCHA_VERIFIER, type CaptchaVerifier } from './captcha';
import type { ConfirmEmailDto, IdentityAnswersDto, SetPasswordDto, StartAffiliatePasswordDto, StartEmployerPasswordDto } from './credentials.dto';
import { SecretHasher } from './secret-hash';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export interface StartedCredentialCase {
  caseId: string;
  /** Reaches only this case; send it as `Authorization: Bearer`. */
  accessToken: string;
  /** When the token stops working (CASE_TOKEN_MINUTES after the start), and the seconds until then. */
  accessTokenExpiresAt: string;
  expiresInSeconds: number;
  /** With the actions the holder of the token may take now. */
  case: CaseViewWithActions<CredentialCaseView>;
}

const invalid = (fields: FieldProblem[]): ApiError => new ApiError('VALIDATION.FAILED', fields.map((f) => f.message).join('; '), { fields }, 400);

/**
 * The secret-bearing steps of the portal passwords (003, 004). Answers and passwords are
 * checked and stored here, in PostgreSQL, hashed with argon2id; the case workflow is told
 * only the outcome, so no secret ever enters a workflow history, an event or a log.
 */
@Injectable()
export class CredentialsService {
  private readonly hasher: SecretHasher;

  constructor(
    private readonly temporal: TemporalGateway,
    private readonly credentials: CredentialsRepository,
    private readonly cases: CaseReadModelRepository,
    private readonly languages: CaseLanguagesRepository,
    private readonly filings: CaseFilingsRepository,
    private readonly access: CaseAccessService,
    private readonly updates: CaseUpdates,
    private readonly config: ApiConfig,
    private readonly tokens: TokenService,
    @Inject(CAPTCHA_VERIFIER) private readonly captcha: CaptchaVerifier,
  ) {
    this.hasher = new SecretHasher({ memoryCostKib: config.values.ARGON2_MEMORY_KIB, timeCost: config.values.ARGON2_TIME_COST });
  }

  private async requireCaptcha(token: string | undefined, ip?: string): Promise<void> {
    if (!token || !(await this.captcha.verify(token, ip))) {
      throw new ApiError(
        'CAPTCHA.FAILED',
        'La verificación «No soy un robot» no es válida o ya se usó; resuélvala nuevamente.',
        { fields: [{ field: 'captchaToken', message: 'captchaToken no es válido, expiró o ya se usó' }] },
        400,
      );
    }
  }

  private caseIdFor(kind: string, principal: string, idempotencyKey?: string): string {
    return idempotencyKey ? uuidFromDigest(sha256(`${kind}\u0000${principal}\u0000${idempotencyKey}`)) : randomUUID();
  }

  /**
   * Starts the workflow once (a retry with the same Idempotency-Key finds it) and waits for its first steps.
   * The case's language is recorded first: its emails read it (ADR 0031).
   */
  private async startAndWait(
    workflow: string,
    caseId: string,
    input: AffiliatePasswordInput | EmployerPasswordInput,
    locale: CaseLocale = 'es',
  ): Promise<CredentialCaseView> {
    await this.languages.record(caseId, locale);
    await this.temporal.start(workflow, caseWorkflowId(caseId), [input]);
    return this.temporal.update(caseWorkflowId(caseId), credentialReadyUpdate);
  }

  /** A case that closed at once (not an affiliate, unregistered employer): its reason, as a 422. */
  private refuseIfClosed(view: CredentialCaseView): void {
    const reason = view.closedReason?.[0];
    if (view.status === 'rejected' && reason) throw new ApiError(reason.code, reason.message, { caseId: view.caseId }, 422);
  }

  private settings(): { linkTtlMs: number } {
    return { linkTtlMs: this.config.values.PORTAL_LINK_TTL_SECONDS * 1000 };
  }

  /** The case token and its lifetime, which the pages keep instead of guessing it. */
  private async caseToken(identity: string, caseId: string): Promise<Pick<StartedCredentialCase, 'accessToken' | 'accessTokenExpiresAt' | 'expiresInSeconds'>> {
    const expiresInSeconds = this.config.values.CASE_TOKEN_MINUTES * 60;
    const accessTokenExpiresAt = new Date(Date.now() + expiresInSeconds * 1000).toISOString();
    return { accessToken: await this.tokens.sign({ sub: identity, role: 'applicant', caseId }, expiresInSeconds), accessTokenExpiresAt, expiresInSeconds };
  }

  private async view(caseId: string): Promise<CredentialCaseView> {
    return (await this.access.liveView(caseId)) as CredentialCaseView;
  }

  // --- 003 ------------------------------------------------------------------------------------

  async startAffiliate(dto: StartAffiliatePasswordDto, ip?: string, idempotencyKey?: string): Promise<StartedCredentialCase> {
    await this.requireCaptcha(dto.captchaToken, ip);
    const caseId = this.caseIdFor('003', dto.identityNumber, idempotencyKey);
    const view = await this.startAndWait(
      WORKFLOW_TYPES.affiliatePassword,
      caseId,
      {
        caseId,
        identityNumber: dto.identityNumber,
        openedBy: { id: dto.identityNumber, role: 'applicant' },
        settings: this.settings(),
      },
      dto.locale,
    );
    this.refuseIfClosed(view);
    const applicant: Principal = { sub: dto.identityNumber, role: 'applicant', caseId };
    return { caseId, ...(await this.caseToken(dto.identityNumber, caseId)), case: withAvailableActions(view, applicant) };
  }

  /**
   * 003, VIRTUAL 5-8: checks the answers against the registry in one transaction that also
   * counts the failure (five in total lock the credential), then reports the outcome to the
   * case. A report lost to a crash is sent again by the next call (the attempt row stays).
   */
  async answerIdentity(principal: Principal, caseId: string, dto: IdentityAnswersDto): Promise<CaseViewWithActions<CredentialCaseView>> {
    await this.access.authorize(principal, caseId, 'identity_check');
    const view = await this.view(caseId);
    if (view.procedure !== 'AFFILIATE_PORTAL_PASSWORD')
      throw new ApiError('CASE.INVALID_STATE', 'Este trámite no tiene preguntas de verificación.', undefined, 422);
    const outcome = await this.credentials.transaction((tx) => this.checkAnswers(tx, view, dto));
    const report: IdentityCheckedInput = { actor: actorOf(principal), ordinal: dto.ordinal, ...outcome };
    const after = withAvailableActions(
      view.status === 'identity_check' && view.identityCheck?.ordinal === dto.ordinal
        ? await this.temporal.update(caseWorkflowId(caseId), identityCheckedUpdate, report)
        : view,
      principal,
    );
    if (outcome.outcome === 'locked') {
      throw new ApiError(
        'CREDENTIAL.LOCKED',
        'Se agotaron los 5 intentos: su clave quedó bloqueada. Acuda a una agencia del IESS para desbloquearla.',
        { case: after },
        423,
      );
    }
    if (outcome.outcome === 'failed') {
      const left = Math.max(0, AFFILIATE_VERIFICATION_MAX_ATTEMPTS - outcome.failedTotal);
      throw new ApiError(
        'IDENTITY.CHECK_FAILED',
        `Las respuestas no coinciden con la información del IESS. Le quedan ${left} intento(s); responda las nuevas preguntas.`,
        { attemptsLeft: left, case: after },
        422,
      );
    }
    return after;
  }

  private async checkAnswers(
    tx: CredentialsRepository,
    view: CredentialCaseView,
    dto: IdentityAnswersDto,
  ): Promise<Omit<IdentityCheckedInput, 'actor' | 'ordinal'>> {
    const holder = view.applicantId;
    const earlier = await tx.attempt(view.caseId, dto.ordinal);
    const current = view.status === 'identity_check' && view.identityCheck?.ordinal === dto.ordinal;
    // The current round was answered but its report never reached the case (a crash in between): report it again.
    if (earlier && current) return earlier;
    if (!current) {
      throw new ApiError(
        'IDENTITY.STALE_CHALLENGE',
        'Estas respuestas no corresponden a las preguntas vigentes del trámite; consulte el trámite y responda las preguntas actuales.',
        { currentOrdinal: view.identityCheck?.ordinal ?? null },
        409,
      );
    }
    const cred = await tx.lockAffiliateCredential(holder);
    let result: Omit<IdentityCheckedInput, 'actor' | 'ordinal'>;
    if (cred.lockedAt) {
      result = { outcome: 'locked', failedParts: [], failedTotal: cred.failedAttempts };
    } else {
      const failedParts = await this.wrongParts(tx, view, dto, cred.securityAnswers);
      if (failedParts.length === 0) {
        result = { outcome: 'passed', failedParts, failedTotal: cred.failedAttempts };
      } else {
        const failedTotal = cred.failedAttempts + 1;
        const locked = failedTotal >= AFFILIATE_VERIFICATION_MAX_ATTEMPTS;
        await tx.recordFailure(holder, failedTotal, locked);
        result = { outcome: locked ? 'locked' : 'failed', failedParts, failedTotal };
      }
    }
    await tx.insertAttempt(view.caseId, dto.ordinal, holder, result);
    return result;
  }

  /** Which of the three parts were wrong: birth day/month, work history, personal answers. */
  private async wrongParts(tx: CredentialsRepository, view: CredentialCaseView, dto: IdentityAnswersDto, stored: StoredAnswer[]): Promise<string[]> {
    const wrong: string[] = [];
    const person = await tx.alongside(PortalRegistryRepository).birthDayMonth(view.applicantId);
    if (!person || person.day !== dto.birthDay || person.month !== dto.birthMonth) wrong.push('birth');
    const challenge = await tx.challenge(view.caseId, dto.ordinal);
    const expected = Object.entries(challenge?.answers ?? {});
    const workOk =
      expected.length > 0 &&
      expected.every(
        ([qid, hash]) => typeof dto.workHistory?.[qid] === 'string' && expectedAnswerHash(view.caseId, dto.ordinal, qid, dto.workHistory[qid] ?? '') === hash,
      );
    if (!workOk) wrong.push('work_history');
    let personalOk = true;
    for (const answer of stored) {
      const given = dto.personal?.[answer.questionId];
      // Every stored answer is checked (no early exit), so timing does not tell which one failed.
      const ok = typeof given === 'string' && (await this.hasher.verify(answer.hash, normalizeAnswer(given)));
      personalOk = personalOk && ok;
    }
    if (!personalOk) wrong.push('personal');
    return wrong;
  }

  async confirmEmail(principal: Principal, caseId: string, dto: ConfirmEmailDto): Promise<CredentialCaseView> {
    return this.updates.update(principal, caseId, 'confirm_email', confirmEmailUpdate, { email: dto.email.trim() }, 'authorized');
  }

  /** An officer lifts the lock after checking the person's identity at the agency; open cases resume. */
  async unlock(principal: Principal, identityNumber: string, reason: string): Promise<{ identityNumber: string; unlockedAt: string; resumedCases: string[] }> {
    const unlockedAt = await this.credentials.unlockAffiliate(identityNumber, principal.sub);
    if (!unlockedAt) throw new ApiError('CREDENTIAL.NOT_LOCKED', 'La clave de ese afiliado no está bloqueada.', undefined, 409);
    const open = await this.cases.lockedCredentialCases(identityNumber);
    for (const id of open) {
      await this.updates.updateThenLog(principal, caseWorkflowId(id), 'unlock_credential', unlockCredentialUpdate, { reason }, () => id);
    }
    return { identityNumber, unlockedAt: unlockedAt.toISOString(), resumedCases: open };
  }

  /**
   * What the agency's officer needs before an unlock: the lock, the person by the registry (name,
   * birth date: to check against the document shown at the counter) and the cases waiting for it.
   * Every read is logged in the officers' access log before anything is read (whom: the path), with
   * or without a case waiting, and on each waiting case too.
   */
  async credentialStatus(
    principal: Principal,
    identityNumber: string,
  ): Promise<{
    identityNumber: string;
    fullName: string | null;
    birthDate: string | null;
    lockedCases: string[];
    locked: boolean;
    failedAttempts: number;
    lockedAt: string | null;
    passwordSetAt: string | null;
    hasPersonalQuestions: boolean;
  }> {
    await this.credentials.alongside(OfficerAccessLogRepository).record({
      event: 'read_credential_status',
      officerId: principal.sub,
      role: principal.role,
      agencyId: principal.agencyId ?? null,
      province: principal.province ?? null,
      path: `/portal-credentials/affiliates/${identityNumber}`,
    });
    const row = await this.credentials.affiliateCredential(identityNumber);
    if (!row) throw new ApiError('CREDENTIAL.NOT_FOUND', 'Ese afiliado todavía no tiene una clave del portal.', undefined, 404);
    const person = await this.credentials.alongside(PortalRegistryRepository).affiliateIdentity(identityNumber);
    const lockedCases = await this.cases.lockedCredentialCases(identityNumber);
    for (const id of lockedCases) await this.access.log(principal, id, 'read_credential_status');
    return {
      identityNumber,
      fullName: person?.fullName ?? null,
      birthDate: person?.birthDate ?? null,
      lockedCases,
      locked: row.lockedAt !== null,
      failedAttempts: row.failedAttempts,
      lockedAt: row.lockedAt?.toISOString() ?? null,
      passwordSetAt: row.passwordSetAt?.toISOString() ?? null,
      hasPersonalQuestions: row.securityAnswers.length > 0,
    };
  }

  // --- 004 ------------------------------------------------------------------------------------

  async startEmployer(
    principal: Principal | undefined,
    dto: StartEmployerPasswordDto,
    ip?: string,
    idempotencyKey?: string,
  ): Promise<StartedCredentialCase | CaseViewWithActions<CredentialCaseView>> {
    const employerId = dto.employerId.trim().toUpperCase();
    if (/^\d{13}$/.test(employerId)) {
      const ruc = validateRuc(employerId, { field: 'employerId', label: 'RUC del empleador' });
      if (!ruc.ok) throw invalid([{ field: 'employerId', message: ruc.message }]);
    }
    if (dto.channel === 'in_person') {
      // Ventanilla: the officer opens the case at the window, after the turno.
      if (principal?.role !== 'case_manager' || !principal.agencyId)
        throw new ApiError('AUTH.ROLE_NOT_ALLOWED', 'En ventanilla, el trámite lo registra un funcionario de la agencia.');
      if (!dto.appointmentReference)
        throw invalid([{ field: 'appointmentReference', message: 'appointmentReference es obligatorio en ventanilla (Confirmación del Turno en Línea)' }]);
      const caseId = this.caseIdFor('004', principal.sub, idempotencyKey);
      // Who files and the turno presented (ADR 0030, decision 3): the desk shows them beside the case.
      // The employer's email is the registry's; the filer's contact is not asked at the window.
      await this.filings.record({
        caseId,
        filerRole: dto.filerRole,
        filerIdentityNumber: dto.filer.identityNumber,
        filerIdentityType: dto.filer.identityType ?? null,
        filerName: dto.filer.fullName,
        employerId,
        email: '',
        mobile: '',
        vulnerableGroup: null,
        poder: null,
        appointmentReference: dto.appointmentReference,
      });
      const view = await this.startAndWait(WORKFLOW_TYPES.employerPassword, caseId, {
        caseId,
        channel: 'in_person',
        employerId,
        filerRole: dto.filerRole,
        filer: { identityNumber: dto.filer.identityNumber, fullName: dto.filer.fullName },
        agencyId: principal.agencyId,
        appointmentReference: dto.appointmentReference,
        openedBy: actorOf(principal),
        settings: this.settings(),
      });
      await this.access.log(principal, caseId, 'open_case');
      this.refuseIfClosed(view);
      return withAvailableActions(view, principal);
    }
    if (dto.filerRole === 'authorised_third_party') {
      throw invalid([
        {
          field: 'filerRole',
          message: 'En la Ventanilla Virtual presenta el representante legal o el empleador; el tercero autorizado solo retira en ventanilla',
        },
      ]);
    }
    await this.requireCaptcha(dto.captchaToken, ip);
    const caseId = this.caseIdFor('004', dto.filer.identityNumber, idempotencyKey);
    const view = await this.startAndWait(
      WORKFLOW_TYPES.employerPassword,
      caseId,
      {
        caseId,
        channel: 'virtual',
        employerId,
        filerRole: dto.filerRole,
        filer: { identityNumber: dto.filer.identityNumber, fullName: dto.filer.fullName },
        openedBy: { id: dto.filer.identityNumber, role: 'applicant' },
        settings: this.settings(),
      },
      dto.locale,
    );
    this.refuseIfClosed(view);
    const filer: Principal = { sub: dto.filer.identityNumber, role: 'applicant', caseId };
    return { caseId, ...(await this.caseToken(dto.filer.identityNumber, caseId)), case: withAvailableActions(view, filer) };
  }

  // --- the single-use link ----------------------------------------------------------------------

  private async linkOf(q: CredentialsRepository, token: string, lock: boolean): Promise<PasswordLinkRow> {
    const link = await q.linkByTokenHash(passwordLinkTokenHash(token), lock);
    if (!link) throw new ApiError('LINK.NOT_FOUND', 'El enlace no es válido. Revise que lo copió completo desde el correo.', undefined, 404);
    if (link.usedAt) throw new ApiError('LINK.USED', 'Este enlace ya se usó para registrar una clave; cada enlace sirve una sola vez.', undefined, 410);
    if (link.expiredAt || link.expiresAt.getTime() <= Date.now()) {
      throw new ApiError('LINK.EXPIRED', 'El enlace caducó (dura 15 minutos). Solicite uno nuevo desde su trámite.', { caseId: link.caseId }, 410);
    }
    return link;
  }

  private async needsPersonalAnswers(link: PasswordLinkRow): Promise<boolean> {
    if (link.holderKind !== 'affiliate') return false;
    const credential = await this.credentials.affiliateCredential(link.holderId);
    return !credential || credential.securityAnswers.length === 0;
  }

  async inspectLink(token: string) {
    const link = await this.linkOf(this.credentials, token, false);
    const personal = await this.needsPersonalAnswers(link);
    return {
      status: 'valid' as const,
      expiresAt: link.expiresAt.toISOString(),
      holderKind: link.holderKind,
      requiresDeclaration: link.holderKind === 'affiliate',
      requiresPersonalAnswers: personal,
      personalQuestions: personal ? PERSONAL_QUESTIONS.map((q) => ({ id: q.id, text: q.text })) : [],
    };
  }

  private validatePasswordRequest(dto: SetPasswordDto, link: PasswordLinkRow, needsAnswers: boolean): void {
    const problems: FieldProblem[] = [];
    const check = validateAffiliatePassword(dto.password ?? '', { field: 'password', label: 'Nueva clave' });
    if (!check.ok) problems.push({ field: 'password', message: check.message });
    if (dto.password !== dto.passwordConfirmation)
      problems.push({ field: 'passwordConfirmation', message: 'passwordConfirmation no coincide con la nueva clave' });
    // 003, VIRTUAL 11: "dé clic sobre el cuadro 'Declaración de Información fidedigna'".
    if (link.holderKind === 'affiliate' && dto.declarationAccepted !== true) {
      problems.push({ field: 'declarationAccepted', message: 'Debe aceptar la «Declaración de información fidedigna»' });
    }
    if (needsAnswers) {
      const answers = dto.personalAnswers ?? [];
      const ids = new Set(answers.map((a) => a.questionId));
      if (answers.length !== PERSONAL_QUESTION_COUNT || ids.size !== PERSONAL_QUESTION_COUNT || !answers.every((a) => isPersonalQuestionId(a.questionId))) {
        problems.push({ field: 'personalAnswers', message: 'Elija dos preguntas personales distintas del catálogo (P1 a P6) y respóndalas' });
      } else if (!answers.every((a) => isAcceptableAnswer(a.answer))) {
        problems.push({ field: 'personalAnswers', message: 'Cada respuesta personal debe tener entre 2 y 60 letras o números' });
      }
    }
    if (problems.length > 0) throw invalid(problems);
  }

  /**
   * 003, VIRTUAL 11-12 (and 004): the link is consumed, the password hashed with argon2id and
   * stored, in one transaction; the case then learns that (and by whom) it was set.
   */
  async setPassword(dto: SetPasswordDto): Promise<{ caseId: string; status: 'password_set'; setAt: string }> {
    const preview = await this.linkOf(this.credentials, dto.token, false);
    this.validatePasswordRequest(dto, preview, await this.needsPersonalAnswers(preview));
    const passwordHash = await this.hasher.hash(dto.password);
    const answers = await Promise.all(
      (dto.personalAnswers ?? []).map(async (a) => ({ questionId: a.questionId, hash: await this.hasher.hash(normalizeAnswer(a.answer)) })),
    );
    const { link, setAt } = await this.credentials.transaction(async (tx) => {
      const locked = await this.linkOf(tx, dto.token, true);
      const setAt = new Date().toISOString();
      await tx.markLinkUsed(locked.id, setAt, locked.holderId);
      await tx.storePassword({ holderKind: locked.holderKind, holderId: locked.holderId, passwordHash, setAt, caseId: locked.caseId, answers });
      // 003, VIRTUAL 9: the address confirmed or changed is the one on file from now on (the link proved it).
      if (locked.holderKind === 'affiliate') await tx.alongside(PortalRegistryRepository).updateAffiliateEmail(locked.holderId, locked.email);
      return { link: locked, setAt };
    });
    try {
      await this.temporal.update(caseWorkflowId(link.caseId), passwordSetUpdate, { actor: { id: link.holderId, role: 'applicant' }, linkId: link.id, setAt });
    } catch {
      // The password is stored; the case learns it when its link timer fires (expirePasswordLink reports the use).
    }
    return { caseId: link.caseId, status: 'password_set', setAt };
  }
}
