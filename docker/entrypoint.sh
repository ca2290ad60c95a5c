#!/bin/sh
set -e
case "$1" in
  api)     exec node -r @swc-node/register apps/api/src/main.ts ;;
  worker)  exec node -r @swc-node/register apps/worker/src/main.ts ;;
  mailer)  exec node -r @swc-node/register apps/mailer/src/main.ts ;;
  migrate) exec node -r @swc-node/register libs/persistence/src/cli/migrate.ts ;;
  *)       exec "$@" ;;
esac
