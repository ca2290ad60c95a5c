import { createHmac } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { poderWorkflowId, type PoderDecisionLookup, type PoderView, type PowerOfAttorneyData } from '@tramites/contracts';
import type { ReasonCode } from '@tramites/domain';
import { PoderRepository } from '@tramites/persistence';
import type { DataSource } from 'typeorm';

/**
 * The workflow id of a poder's review (ADR 0014): `poder:` and a keyed hash (HMAC-SHA256 with
 * the server secret) of the poder's identity, so that the employer's RUC, the attorney's cédula
 * and the deed number never appear in what Temporal cannot encrypt. The same poder always gets
 * the same id, so cases that present it share one review (ADR 0011).
 */
export function keyedPoderWorkflowId(secret: string, poderId: string): string {
  return poderWorkflowId(createHmac('sha256', secret).update(`poder-review:${poderId}`).digest('base64url').slice(0, 32));
}

/** The workflow id of the activity's own workflow, when it runs as an activity. */
function callerWorkflowId(): string | null {
  try {
    return Context.current().info.workflowExecution?.workflowId ?? null;
  } catch {
    return null;
  }
}

/** The registry of endorsed poderes and the legal unit's inbox. */
export function makePoderActivities(dataSource: DataSource, secret: string) {
  const poderes = new PoderRepository(dataSource);
  return {
    /**
     * The id of the review a case starts or joins: that of a pending review of the poder (one
     * recorded before keyed ids ran as `poder:<poderId>`), else the keyed id.
     */
    async poderReviewWorkflowId(input: { poderId: string }): Promise<string> {
      const pending = await poderes.pendingReviewWorkflowId(input.poderId);
      if (pending !== undefined) return pending ?? poderWorkflowId(input.poderId);
      return keyedPoderWorkflowId(secret, input.poderId);
    },

    async lookupPoder(input: { poderId: string; asOf: string }): Promise<PoderDecisionLookup> {
      const r = await poderes.registered(input.poderId);
      if (r) {
        if (r.revokedAt) return { status: 'revoked' };
        if (r.validUntil && r.validUntil < input.asOf) return { status: 'expired' };
        return r.validUntil ? { status: 'endorsed', validUntil: r.validUntil } : { status: 'endorsed' };
      }
      const latest = await poderes.latestReview(input.poderId);
      if (!latest) return { status: 'none' };
      if (latest.status === 'pending') return { status: 'pending' };
      if (latest.status === 'rejected') return { status: 'rejected', reasonCode: (latest.reasonCode ?? 'PODER.NOT_ENDORSED') as ReasonCode };
      return { status: 'none' };
    },

    async recordPoderReview(input: { view: PoderView; poder: PowerOfAttorneyData }): Promise<void> {
      await poderes.recordReview(input.view, input.poder, callerWorkflowId());
    },
  };
}
