import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowNotFoundError, isGrpcServiceError } from '@temporalio/client';
import { endorsePoderUpdate, poderWorkflowId, rejectPoderUpdate, type PoderView } from '@tramites/contracts';
import { DataSource } from 'typeorm';
import { CaseAccessService } from '../access/case-access.service';
import { actorOf, type Principal } from '../auth/principal';
import { ApiError } from '../errors/api-error';
import type { EndorsePoderDto, RejectPoderDto } from './legal.dto';

const NOT_FOUND_GRPC = 5;

/**
 * The legal unit's decision on a poder, sent to its review workflow as an update: the
 * workflow's validator decides who may (role, province, separation of duties, once only).
 */
@Injectable()
export class PoderDecisionService {
  constructor(
    @Inject(Client) private readonly temporal: Client,
    private readonly db: DataSource,
    private readonly access: CaseAccessService,
  ) {}

  endorse(principal: Principal, poderId: string, dto: EndorsePoderDto): Promise<PoderView> {
    return this.decide(principal, poderId, 'endorse_poder', (handle, actor) =>
      handle.executeUpdate(endorsePoderUpdate, {
        args: [{ actor, ...(dto.validUntil ? { validUntil: dto.validUntil } : {}), ...(dto.note ? { note: dto.note } : {}) }],
      }),
    );
  }

  reject(principal: Principal, poderId: string, dto: RejectPoderDto): Promise<PoderView> {
    return this.decide(principal, poderId, 'reject_poder', (handle, actor) =>
      handle.executeUpdate(rejectPoderUpdate, { args: [{ actor, reasonCode: dto.reasonCode, ...(dto.note ? { note: dto.note } : {}) }] }),
    );
  }

  private async decide(
    principal: Principal,
    poderId: string,
    action: string,
    send: (handle: ReturnType<Client['workflow']['getHandle']>, actor: ReturnType<typeof actorOf>) => Promise<PoderView>,
  ): Promise<PoderView> {
    let view: PoderView;
    try {
      view = await send(this.temporal.workflow.getHandle(await this.reviewWorkflowId(poderId)), actorOf(principal));
    } catch (err) {
      if (err instanceof WorkflowNotFoundError || (isGrpcServiceError(err) && err.code === NOT_FOUND_GRPC)) {
        throw await this.noOpenReview(poderId);
      }
      throw err;
    }
    await this.access.log(principal, view.caseId, action);
    return view;
  }

  /**
   * The review's workflow id, from the legal unit's inbox (ADR 0014): a keyed hash of the
   * poder's identity; `poder:<poderId>` for the reviews started before keyed ids.
   */
  private async reviewWorkflowId(poderId: string): Promise<string> {
    const rows: Array<{ workflow_id: string | null }> = await this.db.query(
      `SELECT workflow_id FROM poder_reviews WHERE poder_id = $1 ORDER BY (status = 'pending') DESC, requested_at DESC LIMIT 1`,
      [poderId],
    );
    return rows[0]?.workflow_id ?? poderWorkflowId(poderId);
  }

  /** No review is running: the poder was already decided (its workflow has closed) or never reached the legal unit. */
  private async noOpenReview(poderId: string): Promise<ApiError> {
    const rows: Array<{ status: string }> = await this.db.query(
      `SELECT status FROM poder_reviews WHERE poder_id = $1 ORDER BY requested_at DESC LIMIT 1`,
      [poderId],
    );
    const status = rows[0]?.status;
    if (status === 'endorsed' || status === 'rejected') {
      return new ApiError('PODER.ALREADY_DECIDED', `Este poder ya fue ${status === 'endorsed' ? 'sumillado' : 'rechazado'}.`, undefined, 422);
    }
    return new ApiError('PODER.NOT_FOUND');
  }
}
