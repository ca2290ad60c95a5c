#!/bin/sh
# Creates Temporal's persistence and visibility databases on PostgreSQL and brings their
# schemas to the latest versioned step, with temporal-sql-tool. One script for every cluster
# we run: docker/compose.yaml's temporal-schema job and `npm start -- --cluster` / the cluster
# test setup (libs/devenv/src/temporal-cluster.ts) both run it. Idempotent: run it before every
# start and after every server upgrade.
#
#   SQL_HOST, SQL_PORT, SQL_USER, SQL_PASSWORD  the PostgreSQL server (a user that may create databases)
#   TEMPORAL_DB, TEMPORAL_VISIBILITY_DB         default temporal, temporal_visibility
#   TEMPORAL_SCHEMA_DIR                         schema/postgresql/v12 of go.temporal.io/server at the
#                                               server's version (default: where admin-tools keeps it)
#   TEMPORAL_SQL_TOOL                           default temporal-sql-tool (on PATH)
set -eu
: "${SQL_HOST:?set SQL_HOST}" "${SQL_USER:?set SQL_USER}"
export SQL_PLUGIN=postgres12 SQL_PORT="${SQL_PORT:-5432}"
tool=${TEMPORAL_SQL_TOOL:-temporal-sql-tool}
schemas=${TEMPORAL_SCHEMA_DIR:-/etc/temporal/schema/postgresql/v12}

setup() { # database, schema folder (temporal or visibility)
  # create-database refuses a database that exists; setup-schema below then connects to it, and
  # fails with the real reason (unreachable server, wrong password) if it is not there after all.
  if SQL_DATABASE="$1" "$tool" create-database >/dev/null 2>&1; then
    echo "database $1 created"
  else
    echo "database $1 not created (it exists, or setup-schema says why)"
  fi
  # Version tables if missing; never lowers the version of an existing schema.
  SQL_DATABASE="$1" "$tool" setup-schema -v 0.0
  SQL_DATABASE="$1" "$tool" update-schema -d "$schemas/$2/versioned"
}

setup "${TEMPORAL_DB:-temporal}" temporal
setup "${TEMPORAL_VISIBILITY_DB:-temporal_visibility}" visibility
