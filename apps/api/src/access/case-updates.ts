import { Injectable } from '@nestjs/common';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { caseWorkflowId, closedCaseMessage, type Actor } from '@tramites/contracts';
import { actorOf, type Principal } from '../auth/principal';
import { ApiError } from '../errors/api-error';
import { TemporalGateway, type UpdateDelivery } from '../temporal/temporal-gateway';
import { isCaseView, withAvailableActions } from './available-actions';
import { CaseAccessService } from './case-access.service';

/**
 * How a caller changes a case: every write goes to the workflow as an update with the caller
 * as actor (the workflow's validators decide on the state and check scope again; an officer who
 * does not hold a claimed case is refused first, ADR 0022), and the
 * action is logged (CaseAccessService.log: staff only). An action that the case's kind does
 * not have is refused as CASE.ACTION_NOT_AVAILABLE (errors/error.filter.ts). The case's view it
 * answers carries the actions the caller may take next (`availableActions`).
 */
@Injectable()
export class CaseUpdates {
  constructor(
    private readonly temporal: TemporalGateway,
    private readonly access: CaseAccessService,
  ) {}

  /**
   * An update to a case by the caller. `scope`:
   * - 'if_known': scope is checked first from the read model when the case is there (a refusal
   *   for scope says so, whatever the case's state); the action is logged once the update succeeded;
   * - 'authorized': the case must be in the read model; scope is checked and the action logged before the update.
   * `delivery`: the update's own id, sent again under it when a call times out (TemporalGateway.deliver).
   */
  async update<Ret, Input extends { actor: Actor }>(
    principal: Principal,
    caseId: string,
    action: string,
    update: UpdateDefinition<Ret, [Input]>,
    input: Omit<Input, 'actor'>,
    scope: 'if_known' | 'authorized' = 'if_known',
    delivery?: UpdateDelivery,
  ): Promise<Ret> {
    let result: Ret;
    let claim: Awaited<ReturnType<CaseAccessService['claimOf']>> = null;
    if (scope === 'authorized') {
      const known = await this.access.authorize(principal, caseId, action);
      claim = await this.access.assertHoldsClaim(principal, caseId, known);
      result = await this.closedSaysHow(caseId, () => this.send(caseWorkflowId(caseId), update, { ...input, actor: actorOf(principal) } as Input, delivery));
    } else {
      const known = await this.access.scopeIfKnown(caseId);
      if (known) this.access.assertMayAccess(principal, known);
      claim = await this.access.assertHoldsClaim(principal, caseId, known);
      result = await this.closedSaysHow(caseId, () => this.updateThenLog(principal, caseWorkflowId(caseId), action, update, input, () => caseId, delivery));
    }
    return isCaseView(result) ? (withAvailableActions(result, principal, Date.now(), claim) as Ret) : result;
  }

  /**
   * An update to a case whose workflow has ended is 409 CASE.CLOSED saying how the case ended
   * (from the read model: issued, rejected, cancelled...), never a bare "closed" or "not found".
   */
  private async closedSaysHow<Ret>(caseId: string, send: () => Promise<Ret>): Promise<Ret> {
    try {
      return await send();
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError) || !/already completed/i.test(err.message)) throw err;
      throw new ApiError('CASE.CLOSED', closedCaseMessage(await this.access.statusOf(caseId).catch(() => undefined)));
    }
  }

  private send<Ret, Input>(workflowId: string, update: UpdateDefinition<Ret, [Input]>, input: Input, delivery: UpdateDelivery | undefined): Promise<Ret> {
    return delivery ? this.temporal.deliver(workflowId, update, delivery, input) : this.temporal.update(workflowId, update, input);
  }

  /** Sends the update to any workflow with the caller as actor, then logs the action on the case `caseOf` names. */
  async updateThenLog<Ret, Input extends { actor: Actor }>(
    principal: Principal,
    workflowId: string,
    action: string,
    update: UpdateDefinition<Ret, [Input]>,
    input: Omit<Input, 'actor'>,
    caseOf: (result: Ret) => string,
    delivery?: UpdateDelivery,
  ): Promise<Ret> {
    const result = await this.send(workflowId, update, { ...input, actor: actorOf(principal) } as Input, delivery);
    await this.access.log(principal, caseOf(result), action);
    return result;
  }
}
