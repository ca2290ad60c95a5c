import { SpanStatusCode, trace } from '@opentelemetry/api';
import { Counter, type Registry } from 'prom-client';
import type { EmailTransport } from '@tramites/mail';

/** Each SMTP send in a span of its own (ADR 0032); attributes name no recipient. A no-op tracer when traces are off. */
export function tracedTransport(transport: EmailTransport): EmailTransport {
  const tracer = trace.getTracer('tramites-mailer');
  const traced = Object.create(transport) as EmailTransport;
  traced.send = (email) =>
    tracer.startActiveSpan('smtp send', { attributes: { 'messaging.system': 'smtp' } }, async (span) => {
      try {
        return await transport.send(email);
      } catch (err) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).name });
        throw err;
      } finally {
        span.end();
      }
    });
  return traced;
}

const OUTCOMES: Record<string, { channel: 'email' | 'sms'; outcome: string }> = {
  'case email sent': { channel: 'email', outcome: 'sent' },
  'case email not sent': { channel: 'email', outcome: 'not_sent' },
  'case email not prepared': { channel: 'email', outcome: 'not_prepared' },
  'case sms sent': { channel: 'sms', outcome: 'sent' },
  'case sms not sent': { channel: 'sms', outcome: 'not_sent' },
  'case sms not prepared': { channel: 'sms', outcome: 'not_prepared' },
};

/**
 * `tramites_outbox_sends_total{channel, outcome}`, counted from the dispatchers' own log lines (libs/mail):
 * what the mailer sent, and what failed (a transient failure is retried; the outbox's gauges are the API's).
 */
export function sendCounter(registry: Registry): (msg: string) => void {
  const sends = new Counter({
    name: 'tramites_outbox_sends_total',
    help: 'Messages the mailer tried to send, by channel (email, sms) and outcome (sent, not_sent, not_prepared)',
    labelNames: ['channel', 'outcome'] as const,
    registers: [registry],
  });
  for (const labels of Object.values(OUTCOMES)) sends.inc(labels, 0);
  return (msg) => {
    const labels = OUTCOMES[msg];
    if (labels) sends.inc(labels);
  };
}
