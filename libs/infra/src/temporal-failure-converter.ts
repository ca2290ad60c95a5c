import { DefaultFailureConverter } from '@temporalio/common';

/**
 * The failure converter of every worker, client and workflow bundle (`failureConverterPath`):
 * the message and stack trace of a failure travel in its encoded attributes, a payload, so the
 * payload codec encrypts them like any other payload (ADR 0014). Runs inside the workflow
 * sandbox too: it may import nothing but @temporalio/common.
 */
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
