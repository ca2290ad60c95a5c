import { Injectable } from '@nestjs/common';
import { endorsePoderUpdate, poderWorkflowId, rejectPoderUpdate, type PoderView } from '@tramites/contracts';
import { PoderRepository } from '@tramites/persistence';
import { CaseUpdates } from '../access/case-updates';
import type { Principal } from '../auth/principal';
import { ApiError } from '../errors/api-error';
import { isWorkflowNotFound } from '../temporal/temporal-gateway';
import type { EndorsePoderDto, RejectPoderDto } from './legal.dto';
import { PoderReviewService } from './poder-review.service';

/**
 * The legal unit's decision on a poder, sent to its review workflow as an update: the
 * workflow's validator decides who may (role, province, separation of duties, once only).
 */
@Injectable()
export class PoderDecisionService {
  constructor(
    private readonly updates: CaseUpdates,
    private readonly poderes: PoderRepository,
    private readonly reviews: PoderReviewService,
  ) {}

  async endorse(principal: Principal, poderId: string, dto: EndorsePoderDto): Promise<PoderView> {
    // A review a colleague claimed is theirs to decide (ADR 0028), checked before the workflow.
    await this.reviews.assertMayDecide(principal, poderId);
    const input = { ...(dto.validUntil ? { validUntil: dto.validUntil } : {}), ...(dto.note ? { note: dto.note } : {}) };
    return this.decide(poderId, (workflowId) => this.updates.updateThenLog(principal, workflowId, 'endorse_poder', endorsePoderUpdate, input, (v) => v.caseId));
  }

  async reject(principal: Principal, poderId: string, dto: RejectPoderDto): Promise<PoderView> {
    await this.reviews.assertMayDecide(principal, poderId);
    const input = { reasonCode: dto.reasonCode, ...(dto.note ? { note: dto.note } : {}) };
    return this.decide(poderId, (workflowId) => this.updates.updateThenLog(principal, workflowId, 'reject_poder', rejectPoderUpdate, input, (v) => v.caseId));
  }

  private async decide(poderId: string, send: (workflowId: string) => Promise<PoderView>): Promise<PoderView> {
    // The review's workflow id, from the legal unit's inbox (ADR 0014): a keyed hash of the
    // poder's identity; `poder:<poderId>` for the reviews started before keyed ids.
    const workflowId = (await this.poderes.decisionWorkflowId(poderId)) ?? poderWorkflowId(poderId);
    try {
      return await send(workflowId);
    } catch (err) {
      if (isWorkflowNotFound(err)) throw await this.noOpenReview(poderId);
      throw err;
    }
  }

  /** No review is running: the poder was already decided (its workflow has closed) or never reached the legal unit. */
  private async noOpenReview(poderId: string): Promise<ApiError> {
    const status = (await this.poderes.latestReview(poderId))?.status;
    if (status === 'endorsed' || status === 'rejected') {
      return new ApiError('PODER.ALREADY_DECIDED', `Este poder ya fue ${status === 'endorsed' ? 'sumillado' : 'rechazado'}.`, undefined, 422);
    }
    return new ApiError('PODER.NOT_FOUND');
  }
}
