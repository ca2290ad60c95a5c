import { startTracing } from '@tramites/observability';

/** OpenTelemetry, started before the modules it instruments load (main.ts imports this first; ADR 0032). */
export const tracing = startTracing('tramites-api');
