import { context, trace, type Context } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type * as OtlpProto from '@opentelemetry/exporter-trace-otlp-proto';
import type * as Instrumentation from '@opentelemetry/instrumentation';
import type * as Express from '@opentelemetry/instrumentation-express';
import type * as Http from '@opentelemetry/instrumentation-http';
import type * as Nest from '@opentelemetry/instrumentation-nestjs-core';
import type * as Undici from '@opentelemetry/instrumentation-undici';
import type * as Pg from '@opentelemetry/instrumentation-pg';
import type * as Resources from '@opentelemetry/resources';
import type * as TraceBase from '@opentelemetry/sdk-trace-base';
import type * as TraceNode from '@opentelemetry/sdk-trace-node';
import { recordableException, scrubSpan } from './scrub';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Traces are on when an OTLP endpoint is configured (OpenTelemetry's own variables) and not switched off by
 * OTEL_SDK_DISABLED=true: without either, no span is made and nothing is loaded (ADR 0032).
 */
export function tracingEnabled(env: Env = process.env): boolean {
  if (env['OTEL_SDK_DISABLED'] === 'true') return false;
  return Boolean(env['OTEL_EXPORTER_OTLP_ENDPOINT'] || env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']);
}

/** Every span leaves through here: its attributes, events, name and status message without personal data (scrubSpan). */
export class ScrubbingSpanProcessor implements SpanProcessor {
  constructor(private readonly next: SpanProcessor) {}
  onStart(span: Span, parentContext: Context): void {
    // An ApplicationFailure's type is not recorded by the SDK: the span records a coded error as its code.
    const record = span.recordException.bind(span);
    span.recordException = (exception, time) => record(recordableException(exception) as Parameters<Span['recordException']>[0], time);
    this.next.onStart(span, parentContext);
  }
  onEnd(span: ReadableSpan): void {
    scrubSpan(span as unknown as Parameters<typeof scrubSpan>[0]);
    this.next.onEnd(span);
  }
  forceFlush(): Promise<void> {
    return this.next.forceFlush();
  }
  shutdown(): Promise<void> {
    return this.next.shutdown();
  }
}

export interface RunningTracing {
  /** The process's resource (service.name), for the worker's workflow span sink. */
  resource: Resource;
  /** The scrubbing, batching OTLP processor, for the worker's workflow span sink. */
  spanProcessor: SpanProcessor;
  shutdown(): Promise<void>;
}

/** Health and metrics requests make no span: they are scraped every few seconds and say nothing of a case. */
const UNTRACED_PATHS = /^\/(metrics|health|livez|readyz|salud)(\/|\?|$)/;

/**
 * Starts OpenTelemetry for one process, before the modules it instruments are loaded (the first import of each
 * main.ts): HTTP in and out (W3C trace context), Express, NestJS, PostgreSQL; spans exported by OTLP over HTTP.
 * Returns undefined when tracing is off (`tracingEnabled`).
 */
export function startTracing(serviceName: string, env: Env = process.env): RunningTracing | undefined {
  if (!tracingEnabled(env)) return undefined;
  // Loaded only when traces are on: a process without them carries none of the SDK (the bench's floor).
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto') as typeof OtlpProto;
  const { registerInstrumentations } = require('@opentelemetry/instrumentation') as typeof Instrumentation;
  const { ExpressInstrumentation } = require('@opentelemetry/instrumentation-express') as typeof Express;
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof Http;
  const { NestInstrumentation } = require('@opentelemetry/instrumentation-nestjs-core') as typeof Nest;
  const { UndiciInstrumentation } = require('@opentelemetry/instrumentation-undici') as typeof Undici;
  const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg') as typeof Pg;
  const { Resource } = require('@opentelemetry/resources') as typeof Resources;
  const { BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base') as typeof TraceBase;
  const { NodeTracerProvider } = require('@opentelemetry/sdk-trace-node') as typeof TraceNode;
  const resource = new Resource({ 'service.name': env['OTEL_SERVICE_NAME'] || serviceName });
  const spanProcessor = new ScrubbingSpanProcessor(new BatchSpanProcessor(new OTLPTraceExporter(), { scheduledDelayMillis: 1000 }));
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => UNTRACED_PATHS.test(req.url ?? '') }),
      // Node's fetch (the web's typed client of the API): the trace context travels to the API.
      new UndiciInstrumentation(),
      new ExpressInstrumentation(),
      new NestInstrumentation(),
      // Statements only, never their parameters (enhancedDatabaseReporting stays off), and only inside a request's
      // or an activity's span: the outbox's polls and the gauges' reads are no trace's (ADR 0032, "Cost").
      new PgInstrumentation({ enhancedDatabaseReporting: false, requireParentSpan: true }),
    ],
  });
  return { resource, spanProcessor, shutdown: () => provider.shutdown() };
}

/** The trace id of the active span (a request's, an activity's), or undefined when tracing is off. */
export function currentTraceId(): string | undefined {
  const span = trace.getSpan(context.active());
  const id = span?.spanContext().traceId;
  return id && !/^0+$/.test(id) ? id : undefined;
}

/** Fields for each log line of a request (pino's `mixin`): its trace and span ids, when tracing is on. */
export function traceLogFields(): { trace_id?: string; span_id?: string } {
  const span = trace.getSpan(context.active());
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return /^0+$/.test(traceId) ? {} : { trace_id: traceId, span_id: spanId };
}
