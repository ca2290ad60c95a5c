import { Injectable } from '@nestjs/common';
import { CITIZEN_STEPS } from '@tramites/contracts';
import { ServiceTimesRepository } from '@tramites/persistence';
import { CaseAccessService } from '../access/case-access.service';
import type { Principal } from '../auth/principal';
import { ApiError } from '../errors/api-error';
import { daysBefore, predictAnswer, RECENT_CASES, RECENT_DAYS, STAGE_EVENTS, type Prediction } from '../transparency/service-times';

export interface CaseProgress {
  caseId: string;
  /** The status the read model knows (the prediction's stage). */
  status: string;
  agencyId: string | null;
  province: string | null;
  /** The steps its applicant sees, oldest first: type and time, nothing else. */
  steps: Array<{ type: string; occurredAt: string }>;
  prediction: Prediction;
}

/**
 * The course of one case for its applicant (or an officer of its scope): the steps of its log a
 * citizen may see, and when its answer is expected from the recent times of its agency or its
 * province's legal unit (apps/api/src/transparency/service-times.ts).
 */
@Injectable()
export class CaseProgressService {
  constructor(
    private readonly access: CaseAccessService,
    private readonly times: ServiceTimesRepository,
  ) {}

  async progress(principal: Principal, caseId: string, now = Date.now()): Promise<CaseProgress> {
    await this.access.authorize(principal, caseId, 'read_progress');
    const stage = await this.times.caseStage(caseId);
    if (!stage) throw new ApiError('CASE.NOT_FOUND');
    const steps = await this.times.caseSteps(caseId, CITIZEN_STEPS);
    const since = daysBefore(now, RECENT_DAYS);
    const last = (type: string): number | undefined => {
      const found = steps.filter((s) => s.type === type).pop();
      return found ? found.occurredAt.getTime() : undefined;
    };
    const stageStart =
      stage.status === 'scheduled'
        ? stage.appointmentAt?.getTime()
        : stage.status === 'checked_in'
          ? last(STAGE_EVENTS.checkIn)
          : stage.status === 'legal_review'
            ? last(STAGE_EVENTS.legalSent)
            : undefined;
    const [agency] =
      stage.agencyId && (stage.status === 'scheduled' || stage.status === 'checked_in')
        ? await this.times.answerTimes({ events: STAGE_EVENTS, since, limit: RECENT_CASES, agencyId: stage.agencyId })
        : [];
    const [legalUnit] =
      stage.province && stage.status === 'legal_review'
        ? await this.times.legalReviewTimes({ events: STAGE_EVENTS, since, limit: RECENT_CASES, province: stage.province })
        : [];
    return {
      caseId,
      status: stage.status,
      agencyId: stage.agencyId,
      province: stage.province,
      steps: steps.map((s) => ({ type: s.type, occurredAt: s.occurredAt.toISOString() })),
      prediction: predictAnswer({ status: stage.status, stageStart, agency, legalUnit, now }),
    };
  }
}
