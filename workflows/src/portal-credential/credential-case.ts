import { condition, patched, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import {
  CREDENTIAL_DEFAULTS,
  SYSTEM_ACTOR,
  credentialReadyUpdate,
  getCredentialCaseQuery,
  passwordSetUpdate,
  resendLinkUpdate,
  searchAttributeKeys,
  type Actor,
  type CaseKindRules,
  type CaseProjection,
  type CredentialCaseView,
  type CredentialSettings,
  type CredentialStatus,
} from '@tramites/contracts';
import { makeReason, maskEmail } from '@tramites/domain';
import { CaseKernel, refuse, refuseBusy } from '../case-kernel';
import { closed, isFinalCredentialStatus, projection, withStatus } from './credential-case.state';

/**
 * 003/004 cases upsert their ProcedureType and, once known, Province search attributes (codes
 * only, never personal data), like the in-person cases; cases started before keep their history.
 */
export const CREDENTIAL_SEARCH_ATTRIBUTES_PATCH = 'credential-search-attributes';

/**
 * A portal-password case (003 and 004 alike) on the case kernel: the handlers both procedures
 * share and the single-use link that ends every case. `A`: the actions of its procedure's table.
 */
export class CredentialCase<A extends string> extends CaseKernel<CredentialCaseView, CredentialStatus, A | 'resend_password_link'> {
  readonly settings: CredentialSettings;
  ready = false;
  /** Where the link and the notices go: the confirmed (003) or registered (004) address. */
  emailTo = '';
  /** The procedure and province codes already upserted as search attributes. */
  private searchedProcedure = false;
  private searchedProvince = false;

  constructor(
    initial: Omit<CredentialCaseView, 'status' | 'waitingOn' | 'eventCount'>,
    settings: Partial<CredentialSettings> | undefined,
    procedureName: string,
    rules: CaseKindRules<CredentialCaseView, CredentialStatus, A | 'resend_password_link'>,
  ) {
    super({ ...initial, status: 'identity_check', waitingOn: 'applicant', eventCount: 0 }, procedureName, rules);
    this.settings = { ...CREDENTIAL_DEFAULTS, ...settings };
  }

  protected projection(): CaseProjection {
    return projection(this.view);
  }

  protected emailAddress(): string {
    return this.emailTo;
  }

  /** Registers the query and the handlers common to both procedures (before the first await). */
  registerCommonHandlers(): void {
    setHandler(getCredentialCaseQuery, () => this.view);
    setHandler(
      credentialReadyUpdate,
      async () => {
        await condition(() => this.ready);
        return this.view;
      },
      // No rule of its own: the validator is where the workflow refuses arguments that do not parse (ADR 0014, message schemas).
      { validator: () => undefined },
    );
    setHandler(
      passwordSetUpdate,
      ({ actor, setAt }) => (this.view.status === 'issued' ? Promise.resolve(this.view) : this.exclusive(() => this.completePassword(actor, setAt))),
      {
        validator: ({ actor, linkId }) => {
          if (this.view.link?.linkId !== linkId) refuse('LINK.NOT_CURRENT', 'El enlace no corresponde al último enviado en este trámite');
          // The timer may have found the link used first: the same report again is not an error.
          if (this.view.status === 'issued') return;
          // The link token is the holder's proof (for 004 the employer, not the person who filed).
          if (actor.id !== this.view.holder.id) refuse('AUTH.NOT_YOUR_CASE', 'El enlace pertenece a otro titular');
          if (this.busy) refuseBusy();
          if (this.view.status !== 'link_sent') refuse('CASE.INVALID_STATE', 'El trámite no espera una nueva clave');
        },
      },
    );
    setHandler(resendLinkUpdate, ({ actor }) => this.exclusive('resend_password_link', actor, () => this.sendLink(actor)), {
      validator: ({ actor }) => this.guard('resend_password_link', actor),
    });
  }

  isFinal(): boolean {
    return isFinalCredentialStatus(this.view.status);
  }

  /** ProcedureType at the first event, Province when it becomes known (004: the employer's). */
  protected override afterRecord(): void {
    const province = this.view.province;
    const wanted = [
      ...(this.searchedProcedure ? [] : [{ key: searchAttributeKeys.procedureType, value: this.view.procedure }]),
      ...(province && !this.searchedProvince ? [{ key: searchAttributeKeys.province, value: province }] : []),
    ];
    if (wanted.length === 0 || !patched(CREDENTIAL_SEARCH_ATTRIBUTES_PATCH)) return;
    upsertSearchAttributes(wanted);
    this.searchedProcedure = true;
    if (province) this.searchedProvince = true;
  }

  /** The case's life once open: the link steps every case ends with, else the procedure's own step; answers the final view. */
  async live(step: (status: CredentialStatus) => Promise<void>): Promise<CredentialCaseView> {
    this.ready = true;
    while (!this.isFinal()) {
      if (await this.deliveryStep()) continue;
      await step(this.view.status);
    }
    await this.flush();
    return this.view;
  }

  // --- the single-use link (003, VIRTUAL 10-12; 004) ---------------------------------------------

  async sendLink(actor: Actor): Promise<void> {
    const ordinal = (this.view.link?.ordinal ?? 0) + 1;
    const { linkId, expiresAt } = await this.steps.issuePasswordLink({
      caseId: this.view.caseId,
      ordinal,
      holderKind: this.view.holder.kind,
      holderId: this.view.holder.id,
      email: this.emailTo,
      ttlMs: this.settings.linkTtlMs,
      procedureName: this.procedureName,
    });
    const sentTo = maskEmail(this.emailTo);
    this.view = {
      ...withStatus(this.view, 'link_sent', Date.parse(expiresAt)),
      link: { ordinal, linkId, sentTo, expiresAt, linksLeft: this.settings.maxLinks - ordinal },
    };
    await this.record('PASSWORD_LINK_SENT', actor, { ordinal, linkId, sentTo, expiresAt });
  }

  /** The delivery steps every portal-password case ends with; false when the case is elsewhere. */
  async deliveryStep(): Promise<boolean> {
    if (this.view.status === 'link_sent') await this.awaitLinkUse();
    else if (this.view.status === 'link_expired') await this.awaitResend();
    else return false;
    return true;
  }

  /** link_sent: the timer kills the link at its expiry unless the password was set first. */
  async awaitLinkUse(): Promise<void> {
    const link = this.view.link;
    if (!link) return;
    if (!(await this.timedOutIn('link_sent', Date.parse(link.expiresAt)))) return;
    const closing = await this.steps.expirePasswordLink({ linkId: link.linkId });
    if (this.view.status !== 'link_sent') return;
    if (closing.status === 'used') {
      // The password was stored but its report never reached the case (the API died in between).
      await this.completePassword({ id: closing.usedBy, role: 'applicant' }, closing.usedAt);
      return;
    }
    const resendUntil = Date.now() + this.settings.resendWindowHours * 3_600_000;
    this.view = withStatus(this.view, 'link_expired', resendUntil);
    await this.record('PASSWORD_LINK_EXPIRED', SYSTEM_ACTOR, { ordinal: link.ordinal, linkId: link.linkId, linksLeft: link.linksLeft });
    if (link.linksLeft <= 0) {
      this.view = closed(this.view, 'expired', [makeReason('PORTAL.NO_MORE_LINKS')]);
      await this.record('CASE_EXPIRED', SYSTEM_ACTOR, { reason: 'PORTAL.NO_MORE_LINKS' });
    }
  }

  /** link_expired: a new link may be asked for a while, then the case closes. */
  async awaitResend(): Promise<void> {
    const until = Date.parse(this.view.deadlineAt ?? new Date().toISOString());
    if (!(await this.timedOutIn('link_expired', until))) return;
    this.view = closed(this.view, 'expired', [makeReason('PORTAL.LINK_EXPIRED')]);
    await this.record('CASE_EXPIRED', SYSTEM_ACTOR, { reason: 'PORTAL.LINK_EXPIRED' });
  }

  /** The holder set the password through the link: the auditor sees when and by whom, never the password. */
  async completePassword(actor: Actor, setAt: string): Promise<void> {
    if (this.view.status === 'issued') return;
    const linkId = this.view.link?.linkId;
    this.view = { ...closed(this.view, 'issued'), result: { kind: 'PORTAL_PASSWORD', setAt, setBy: actor.id } };
    await this.record('PASSWORD_SET', actor, { linkId, setAt, setBy: actor.id }, this.email('PASSWORD_SET', { setAt }));
  }
}
