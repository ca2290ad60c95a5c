import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import type { Registry } from 'prom-client';
import { httpMetricsMiddleware } from '@tramites/observability';
import { AppModule } from './app.module';
import { codecCors } from './codec/codec-cors';
import type { ApiConfig } from './config/api.config';
import { validationException } from './errors/validation';
import { completeDocument } from './http/openapi-completion';
import {
  bodyParserErrors,
  hardeningHeaders,
  refuseContentEncoding,
  refuseDeepJson,
  refuseUnknownQuery,
  refuseUnstorableText,
  refuseUnsupportedMethod,
} from './http/request-hygiene';

/** Builds the configured Nest application (used by main.ts and by the end-to-end tests). */
export async function createApiApp(config: ApiConfig, { metrics }: { metrics?: Registry } = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  // Latency by route template and status (ADR 0032), when the process serves metrics.
  if (metrics) app.use(httpMetricsMiddleware(metrics));
  // Every answer: no sniffing, no framing, no Referer, no caching of personal data.
  app.use(hardeningHeaders);
  // The Temporal Web UI calls the codec routes from its own origin (ADR 0014).
  app.use(codecCors(config.codecAllowedOrigins));
  // Request size limits: JSON bodies are small; uploads have their own multipart limits.
  // Bodies arrive uncompressed and in UTF-8; what no store can hold is refused before any route.
  app.use(refuseContentEncoding);
  // A known path asked with a method it does not answer (TRACE, ...) is a 405 with Allow.
  app.use(refuseUnsupportedMethod(app.getHttpAdapter().getInstance()));
  // Too large is a 413; nested deeper than MAX_NESTING a 400, checked on the bytes before parsing.
  // (Nest's typing leaves out `verify`; its adapter passes every option to Express's parser.)
  app.useBodyParser('json', { limit: '100kb', verify: refuseDeepJson } as { limit: string });
  app.useBodyParser('urlencoded', { limit: '100kb', extended: false });
  app.use(bodyParserErrors);
  app.use(refuseUnstorableText);
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: false,
      exceptionFactory: validationException,
    }),
  );
  app.disable('x-powered-by');
  const trustProxy = config.values.TRUST_PROXY;
  if (trustProxy) app.set('trust proxy', /^\d+$/.test(trustProxy) ? Number(trustProxy) : trustProxy);
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Trámites IESS')
      .setDescription('Trámites para extranjeros y empleadores del IESS: código de identificación, certificado de no afiliación y claves.')
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  completeDocument(app, document);
  // A query parameter that the route does not declare is refused, in Spanish.
  app.use(refuseUnknownQuery(document));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
