/** The single, ever-running workflow that signs checkpoints of the event log (ADR 0010). */
export const EVENT_LOG_CHECKPOINT_WORKFLOW_ID = 'event-log-checkpoint';

export interface EventLogCheckpointOutcome {
  /** The number of the checkpoint taken; null when no case's log grew since the previous one. */
  checkpoint: number | null;
  /** Cases whose log grew. */
  heads: number;
  /** Cases left out because their new events do not extend the chain already signed. */
  refused: Array<{ caseId: string; seqs: number[]; problem: string }>;
}

export interface EventLogActivities {
  /** Signs the heads of every case whose event log grew since the last checkpoint. */
  takeEventLogCheckpoint(): Promise<EventLogCheckpointOutcome>;
}
