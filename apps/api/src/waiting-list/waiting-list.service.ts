import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { bookSlotUpdate, caseReference, type CaseView } from '@tramites/contracts';
import { isLocalDate, toLocalDate } from '@tramites/domain';
import { AgendaRepository, EmailOutboxRepository, WaitingListRepository } from '@tramites/persistence';
import { CaseAccessService } from '../access/case-access.service';
import { CaseUpdates } from '../access/case-updates';
import { ApiConfig } from '../config/api.config';
import type { Principal } from '../auth/principal';
import { ApiError } from '../errors/api-error';
import type { JoinWaitingListDto, TakenOfferDto, WaitingListOfferDto, WaitingListPlaceDto } from './waiting-list.dto';

const fieldError = (field: string, message: string): ApiError => new ApiError('VALIDATION.FAILED', message, { fields: [{ field, message }] }, 400);
const tokenSha256 = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/**
 * The waiting list of an agency's day (ADR 0029): an applicant whose case is still to book joins the list
 * of a full day; the link of an offer (its token is the credential, as a password link is) shows the held
 * seat and takes it, booking the case through its workflow as the applicant.
 */
@Injectable()
export class WaitingListService {
  constructor(
    private readonly config: ApiConfig,
    private readonly access: CaseAccessService,
    private readonly updates: CaseUpdates,
    private readonly agenda: AgendaRepository,
    private readonly list: WaitingListRepository,
    private readonly emails: EmailOutboxRepository,
  ) {}

  async join(principal: Principal, caseId: string, dto: JoinWaitingListDto): Promise<WaitingListPlaceDto> {
    const scope = await this.access.scopeIfKnown(caseId);
    if (!scope) throw new ApiError('CASE.NOT_FOUND');
    this.access.assertMayAccess(principal, scope);
    const view = (await this.access.liveView(caseId)) as CaseView;
    if (view.status !== 'awaiting_booking') throw new ApiError('CASE.INVALID_STATE', 'Solo un trámite que aún no tiene turno puede esperar uno.');
    if (!isLocalDate(dto.day) || dto.day < toLocalDate(Date.now())) throw fieldError('day', 'day debe ser hoy o un día después');
    if (!(await this.agenda.agency(dto.agencyId))) throw new ApiError('AGENCY.NOT_FOUND');
    const free = (await this.agenda.availability(dto.agencyId, dto.day)).some((s) => s.available > 0);
    if (free) throw new ApiError('WAITING_LIST.DAY_NOT_FULL');
    // The address the case verified (its verification code went there), never one the request names.
    const email = await this.emails.recipientOf(caseId, ['VERIFICATION_CODE']);
    if (!email) throw new ApiError('CASE.INVALID_STATE', 'El trámite no tiene un correo verificado.');
    const { ahead } = await this.list.join({
      caseId,
      applicantId: scope.applicantId,
      agencyId: dto.agencyId,
      day: dto.day,
      vulnerable: dto.vulnerable ?? false,
      email,
      mobile: dto.mobile,
    });
    return { agencyId: dto.agencyId, day: dto.day, ahead, holdMinutes: this.config.values.WAITING_LIST_HOLD_MINUTES };
  }

  async offer(token: string): Promise<WaitingListOfferDto> {
    const o = await this.list.offerByToken(tokenSha256(token));
    if (!o) throw new ApiError('WAITING_LIST.OFFER_ENDED');
    return { reference: caseReference(o.caseId), agencyName: o.agencyName, startsAt: o.startsAt, expiresAt: o.expiresAt, status: o.status, live: o.live };
  }

  /** Takes the held seat: the case books that slot as its applicant (the booking consumes the hold). */
  async take(token: string): Promise<TakenOfferDto> {
    const o = await this.list.offerByToken(tokenSha256(token));
    if (!o || !o.live) throw new ApiError('WAITING_LIST.OFFER_ENDED');
    const applicant: Principal = { sub: o.applicantId, role: 'applicant', caseId: o.caseId };
    const view: CaseView = await this.updates.update(applicant, o.caseId, 'book', bookSlotUpdate, { slotId: o.slotId });
    return { reference: caseReference(o.caseId), agencyName: view.appointment?.agencyName ?? o.agencyName, startsAt: view.appointment?.startsAt ?? o.startsAt };
  }
}
