import { ServiceError, WorkflowNotFoundError } from '@temporalio/client';
import { ERROR_CODES } from '@tramites/contracts';
import { toApiError } from './error.filter';

/** The frontend's gRPC failure as @grpc/grpc-js raises it: an Error with a numeric code, details and metadata. */
function grpcFailure(code: number, details: string): Error {
  return Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });
}

describe('toApiError: Temporal out of reach', () => {
  it.each([
    [14, 'No connection established'],
    [4, 'Deadline exceeded'],
  ])('answers 503 TEMPORAL.UNAVAILABLE for gRPC %i, raw or wrapped by the client in a ServiceError', (code, details) => {
    const raw = grpcFailure(code, details);
    const wrapped = new ServiceError('Failed to start Workflow', { cause: raw });
    for (const err of [raw, wrapped]) {
      const api = toApiError(err);
      expect(api.code).toBe('TEMPORAL.UNAVAILABLE');
      expect(api.status).toBe(ERROR_CODES['TEMPORAL.UNAVAILABLE'].status);
    }
  });

  it('keeps other failures as they were: a wrapped NOT_FOUND is no outage, a closed case is CASE.CLOSED', () => {
    expect(toApiError(new ServiceError('Failed', { cause: grpcFailure(5, 'not found') })).code).toBe('INTERNAL');
    expect(toApiError(new WorkflowNotFoundError('workflow execution already completed', 'case:x', undefined)).code).toBe('CASE.CLOSED');
  });
});
