import { Injectable } from '@nestjs/common';
import { ERROR_CODES, caseReference } from '@tramites/contracts';
import { addBusinessMillis, businessMillisBetween } from '@tramites/domain';
import { PoderReviewRepository } from '@tramites/persistence';
import { CaseAccessService } from '../access/case-access.service';
import type { Principal } from '../auth/principal';
import { timeLeft } from '../desk/time-left';
import { ApiError } from '../errors/api-error';
import type { PoderReviewDto } from './poder-review.dto';

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

/** The legal unit's page of one poder: its data, the case it came from, and whether the caller may decide it. */
@Injectable()
export class PoderReviewService {
  constructor(
    private readonly reviews: PoderReviewRepository,
    private readonly access: CaseAccessService,
  ) {}

  async review(principal: Principal, poderId: string, now = Date.now()): Promise<PoderReviewDto> {
    const r = await this.reviews.latest(poderId);
    if (!r) throw new ApiError('PODER.NOT_FOUND');
    if (principal.role === 'legal_unit' && r.province !== principal.province) throw new ApiError('AUTH.OUT_OF_SCOPE', 'El poder es de otra provincia.');
    let documentsReviewedBy: string | null = null;
    try {
      const view = await this.access.liveView(r.caseId);
      documentsReviewedBy = 'documentsReviewedBy' in view ? (view.documentsReviewedBy?.id ?? null) : null;
    } catch {
      // The case's state is not available now: the workflow still decides at the endorsement.
    }
    await this.access.log(principal, r.caseId, 'read_poder_review');
    const [employerId = r.employerId, attorneyId = '', ...deed] = poderId.split(':');
    const requested = r.requestedAt.getTime();
    const due = r.dueAt.getTime();
    const left = timeLeft(r.dueAt, now);
    const sameOfficer = documentsReviewedBy !== null && documentsReviewedBy === principal.sub;
    const reason =
      r.status !== 'pending'
        ? `Este poder ya fue ${r.status === 'endorsed' ? 'sumillado' : 'rechazado'}.`
        : principal.role !== 'legal_unit'
          ? 'Solo la unidad jurídica de la provincia sumilla o rechaza poderes.'
          : sameOfficer
            ? ERROR_CODES['PODER.SAME_OFFICER'].message
            : null;
    const registry = r.registry
      ? {
          validUntil: r.registry.validUntil,
          revokedAt: iso(r.registry.revokedAt),
          endorsedBy: r.registry.endorsedBy,
          endorsedAt: r.registry.endorsedAt.toISOString(),
          status: (r.registry.revokedAt
            ? 'revoked'
            : r.registry.validUntil && r.registry.validUntil < new Date(now).toISOString().slice(0, 10)
              ? 'expired'
              : 'valid') as 'valid' | 'expired' | 'revoked',
        }
      : null;
    return {
      poderId,
      employerId,
      attorneyId,
      attorneyName: r.attorneyName,
      deedNumber: deed.join(':'),
      province: r.province,
      status: r.status,
      requestedAt: r.requestedAt.toISOString(),
      dueAt: r.dueAt.toISOString(),
      // As the review workflow reminds: at half of its office time (workflows/src/poder-review/poder-review.state.ts).
      reminderAt: new Date(addBusinessMillis(requested, Math.floor(businessMillisBetween(requested, due) / 2))).toISOString(),
      businessDaysLeft: left?.businessDays ?? 0,
      timeLeftLabel: left?.label ?? '',
      urgency: left?.urgency ?? 'on_time',
      remindedAt: iso(r.remindedAt),
      escalatedAt: iso(r.escalatedAt),
      decidedAt: iso(r.decidedAt),
      decidedBy: r.decidedBy,
      reasonCode: r.reasonCode,
      case: {
        caseId: r.caseId,
        reference: caseReference(r.caseId),
        procedure: r.case?.procedure ?? null,
        status: r.case?.status ?? null,
        holderName: r.case?.holderName ?? null,
        agencyId: r.case?.agencyId ?? null,
        documentsReviewedBy,
      },
      separationOfDuties: { mayDecide: reason === null, reason },
      registry,
    };
  }
}
