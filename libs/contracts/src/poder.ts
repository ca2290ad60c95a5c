import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Reason, ReasonCode } from '@tramites/domain';
import type { Actor, PowerOfAttorneyData } from './case';

/**
 * A poder is identified by who granted it, to whom, and its deed: the same poder
 * presented in several cases is validated once (docs/architecture.md, rule 4).
 */
export const poderId = (p: Pick<PowerOfAttorneyData, 'employerId' | 'attorneyId' | 'deedNumber'>): string =>
  `${p.employerId}:${p.attorneyId}:${p.deedNumber.replace(/\s+/g, '').toUpperCase()}`;
export const poderWorkflowId = (id: string): string => `poder:${id}`;

export interface PoderReviewInput {
  poderId: string;
  caseId: string;
  province: string;
  poder: PowerOfAttorneyData;
  /** Separation of duties: this officer reviewed the case's documents and may not decide its poder. */
  documentsReviewedBy: string;
  legalReviewBusinessDays: number;
}

export type PoderStatus = 'pending' | 'endorsed' | 'rejected';

export interface PoderView {
  poderId: string;
  caseId: string;
  province: string;
  status: PoderStatus;
  requestedAt: string;
  dueAt: string;
  remindedAt?: string;
  escalatedAt?: string;
  decidedAt?: string;
  decidedBy?: Actor;
  reason?: Reason;
  /** Office time the legal unit took, in business milliseconds. */
  businessMsTaken?: number;
  validUntil?: string;
  eventCount: number;
}

export interface EndorsePoderInput {
  actor: Actor;
  /** YYYY-MM-DD: until when the endorsement holds (the deed's own validity, if shorter, wins). */
  validUntil?: string;
  note?: string;
}
export interface RejectPoderInput {
  actor: Actor;
  reasonCode: ReasonCode;
  note?: string;
}

export const getPoderQuery = defineQuery<PoderView>('getPoder');
export const endorsePoderUpdate = defineUpdate<PoderView, [EndorsePoderInput]>('endorsePoder');
export const rejectPoderUpdate = defineUpdate<PoderView, [RejectPoderInput]>('rejectPoder');

/** A case that presents a poder already under review for another case asks for the decision. */
export interface PoderSubscription {
  caseId: string;
  /** The waiting case's workflow id, which the decision is signalled to. */
  workflowId: string;
}
export const subscribeToPoderDecisionSignal = defineSignal<[PoderSubscription]>('subscribeToPoderDecision');
/** The poder review tells each subscribed case its decision once it is made and stored. */
export const poderDecidedSignal = defineSignal<[PoderView]>('poderDecided');
