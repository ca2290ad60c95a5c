import { SpanStatusCode } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ApplicationFailure } from '@temporalio/common';
import { redactedPath, scrubAttributes } from './scrub';
import { ScrubbingSpanProcessor } from './tracing';

describe('scrubAttributes', () => {
  it('drops query strings and token-like segments from URLs, and redacts emails and identity numbers in any text', () => {
    const attributes: Record<string, unknown> = {
      'http.url': 'http://localhost:3000/tramites/0b6c7e8a-1f2d-4c3b-9a8e-7d6c5b4a3f21/verificacion?codigo=123456',
      'http.target': '/portal/clave/eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc',
      'url.query': 'email=ana@example.com',
      'exception.message': 'no affiliate 1712345675 for ana.perez@example.com',
      'http.status_code': 200,
    };
    scrubAttributes(attributes);
    expect(attributes).toEqual({
      'http.url': 'http://localhost:3000/tramites/0b6c7e8a-1f2d-4c3b-9a8e-7d6c5b4a3f21/verificacion',
      'http.target': '/portal/clave/:redacted',
      'exception.message': 'no affiliate <número> for <correo>',
      'http.status_code': 200,
    });
  });

  it('keeps route words and short references in a path', () => {
    expect(redactedPath('/oficina/juridico/poderes/P-123?x=1')).toBe('/oficina/juridico/poderes/P-123');
    expect(redactedPath('/registro/1790001237001')).toBe('/registro/:redacted');
  });
});

describe('ScrubbingSpanProcessor', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new ScrubbingSpanProcessor(new SimpleSpanProcessor(exporter))] });
  const tracer = provider.getTracer('scrub-spec');
  afterEach(() => exporter.reset());
  afterAll(() => provider.shutdown());

  /** What NestJS's and Temporal's instrumentations do with an error: status message and exception event. */
  function failedSpan(err: Error, order: 'status-first' | 'exception-first') {
    const span = tracer.startSpan('handler');
    if (order === 'status-first') span.setStatus({ code: SpanStatusCode.ERROR, message: err.message });
    span.recordException(err);
    if (order === 'exception-first') span.setStatus({ code: SpanStatusCode.ERROR, message: err.message });
    span.end();
    const [finished] = exporter.getFinishedSpans();
    const exception = finished?.events.find((e) => e.name === 'exception')?.attributes ?? {};
    return { status: finished?.status, exception, text: JSON.stringify(finished?.events) + (finished?.status.message ?? '') };
  }

  it('keeps only the code of an API refusal in the status and the exception (its message names the file and the signer)', () => {
    const refusal = Object.assign(new Error('El archivo «Ana Lucía Torres Vega.pdf» no es un PDF. Firmado por Ana Lucía Torres Vega'), {
      code: 'UPLOAD.TYPE_NOT_ALLOWED',
    });
    const { status, exception, text } = failedSpan(refusal, 'exception-first');
    expect(status?.message).toBe('UPLOAD.TYPE_NOT_ALLOWED');
    expect(exception).toEqual({ 'exception.type': 'UPLOAD.TYPE_NOT_ALLOWED', 'exception.message': 'UPLOAD.TYPE_NOT_ALLOWED' });
    expect(text).not.toMatch(/Torres|Ana/);
  });

  it("keeps only an ApplicationFailure's type, which the SDK itself does not record", () => {
    const failure = ApplicationFailure.create({
      type: 'EMAIL.INVALID_RECIPIENT',
      message: 'not a valid email address: "Ana Torres <ana.torres@example>"',
      nonRetryable: true,
    });
    const { status, exception, text } = failedSpan(failure, 'status-first');
    expect(status?.message).toBe('EMAIL.INVALID_RECIPIENT');
    expect(exception['exception.message']).toBe('EMAIL.INVALID_RECIPIENT');
    expect(text).not.toMatch(/Torres|ana\./);
  });

  it('redacts emails and identity numbers in the status message of an error without a code', () => {
    const { status, exception } = failedSpan(new Error('no affiliate 1712345675 for ana.perez@example.com'), 'status-first');
    expect(status?.message).toBe('no affiliate <número> for <correo>');
    expect(exception['exception.message']).toBe('no affiliate <número> for <correo>');
    expect(String(exception['exception.stacktrace'])).not.toMatch(/1712345675|ana\.perez/);
  });
});
