import { Inject, Injectable } from '@nestjs/common';
import { Client, Connection, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, isGrpcServiceError, type WorkflowHandle } from '@temporalio/client';
import type { QueryDefinition, UpdateDefinition } from '@temporalio/common';
import { fetchRetainedHistory } from '@tramites/histories';
import { ApiConfig } from '../config/api.config';
import { deliverUntilAnswered, type UpdateDelivery } from './update-delivery';

export type { UpdateDelivery } from './update-delivery';

/** A workflow's history as Temporal returns it. */
export type WorkflowHistory = Awaited<ReturnType<WorkflowHandle['fetchHistory']>>;

const NOT_FOUND_GRPC = 5;

/** True when Temporal does not know the workflow (never started, or deleted after retention). */
export function isWorkflowNotFound(err: unknown): boolean {
  return err instanceof WorkflowNotFoundError || (isGrpcServiceError(err) && err.code === NOT_FOUND_GRPC);
}

/**
 * The API's one way to Temporal: start, update, query, result, history (and a reachability
 * probe for /health). Its client encrypts payloads and signs the actor of every update the
 * API sends (ADR 0014, temporal.module.ts); nothing else in the API holds the client.
 */
@Injectable()
export class TemporalGateway {
  constructor(
    @Inject(Client) private readonly client: Client,
    @Inject(Connection) private readonly connection: Connection,
    private readonly config: ApiConfig,
  ) {}

  /**
   * Starts the workflow on the API's task queue; false when it had been started already (a retried
   * start: the same workflow), running or closed. A workflow id is never started twice: the worker
   * refuses a second run of an id whose start it checked (ADR 0014, start assertions used once).
   */
  async start(workflowType: string, workflowId: string, args: unknown[]): Promise<boolean> {
    try {
      await this.client.workflow.start(workflowType, {
        taskQueue: this.config.values.TEMPORAL_TASK_QUEUE,
        workflowId,
        args,
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
      return true;
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return false;
      throw err;
    }
  }

  /** Sends an update and waits for its result; the client adds the signed actor assertion. */
  update<Ret, Args extends unknown[]>(workflowId: string, update: UpdateDefinition<Ret, Args>, ...args: Args): Promise<Ret> {
    const handle = this.client.workflow.getHandle(workflowId);
    return (handle.executeUpdate as (def: UpdateDefinition<Ret, Args>, options: { args: Args }) => Promise<Ret>).call(handle, update, { args });
  }

  /**
   * Sends an update under a fixed id and waits for its result. A call that ends before the workflow answered
   * (gRPC DEADLINE_EXCEEDED or UNAVAILABLE: the update waits behind the worker's workflow tasks, ADR 0035) is
   * sent again under the same id, with a growing pause, while `delivery.untilMs` and the window of
   * DELIVERY_POLICY allow and the caller waits (`delivery.signal`): the server attaches it to the same update,
   * never a second one, and answers its result once it has one. Temporal unreachable from the first call: the error at once.
   */
  async deliver<Ret, Args extends unknown[]>(workflowId: string, update: UpdateDefinition<Ret, Args>, delivery: UpdateDelivery, ...args: Args): Promise<Ret> {
    const handle = this.client.workflow.getHandle(workflowId);
    const send = handle.executeUpdate as (def: UpdateDefinition<Ret, Args>, options: { args: Args; updateId: string }) => Promise<Ret>;
    const once = (): Promise<Ret> => send.call(handle, update, { args, updateId: delivery.updateId });
    const { signal } = delivery;
    return deliverUntilAnswered(
      (deadlineMs) => {
        const call = deadlineMs === undefined ? once : () => this.connection.withDeadline(deadlineMs, once);
        return signal ? this.connection.withAbortSignal(signal, call) : call();
      },
      () => this.reachable(1_000),
      delivery,
    );
  }

  query<Ret>(workflowId: string, query: QueryDefinition<Ret, []>): Promise<Ret> {
    return this.client.workflow.getHandle(workflowId).query(query);
  }

  /** The closed workflow's result (waits while it runs). */
  result(workflowId: string): Promise<unknown> {
    return this.client.workflow.getHandle(workflowId).result();
  }

  /** The workflow's full history, as the server holds it. */
  history(workflowId: string): Promise<WorkflowHistory> {
    return this.client.workflow.getHandle(workflowId).fetchHistory();
  }

  /** The history while the server still retains the workflow; undefined once it is gone (retention) or never existed. */
  retainedHistory(workflowId: string): ReturnType<typeof fetchRetainedHistory> {
    return fetchRetainedHistory(this.client, workflowId);
  }

  /** Whether the server answers within `timeoutMs`. */
  reachable(timeoutMs: number): Promise<boolean> {
    return this.connection
      .withDeadline(Date.now() + timeoutMs, () => this.connection.workflowService.getSystemInfo({}))
      .then(() => true)
      .catch(() => false);
  }
}
