#!/bin/sh
set -e
case "$1" in
  api)     exec node dist/apps/api/src/main.js ;;
  worker)  exec node dist/apps/worker/src/main.js ;;
  mailer)  exec node dist/apps/mailer/src/main.js ;;
  web)     exec node dist/apps/web/src/main.js ;;
  migrate) exec node dist/libs/persistence/src/cli/migrate.js ;;
  *)       exec "$@" ;;
esac
