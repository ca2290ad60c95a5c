#!/bin/sh
set -e
case "$1" in
  api)     exec node dist/apps/api/src/main.js ;;
  # The worker's preload runs in each of its threads (apps/worker/src/workflow-stack-traces.ts); its
  # young generation and allocator arenas are kept small (libs/infra/src/worker-process.ts, ADR 0023).
  worker)  export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
           exec node --max-semi-space-size=4 --require ./dist/apps/worker/src/workflow-stack-traces.js dist/apps/worker/src/main.js ;;
  mailer)  exec node dist/apps/mailer/src/main.js ;;
  web)     exec node dist/apps/web/src/main.js ;;
  migrate) exec node dist/libs/persistence/src/cli/migrate.js ;;
  *)       exec "$@" ;;
esac
