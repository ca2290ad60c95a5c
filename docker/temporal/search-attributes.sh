#!/bin/sh
# Registers the namespace (with its retention) and the custom search attributes the case
# workflows upsert. One script for every Temporal cluster we run: docker/compose.yaml's
# temporal-setup job and `npm start -- --cluster` / the cluster test setup
# (libs/devenv/src/temporal-cluster.ts) both run it, so it cannot rot unnoticed.
# Idempotent: what exists is left alone; any other error stops the script (exit 1).
# The list must match libs/contracts/src/temporal.ts (searchAttributeKeys); a unit test checks it.
#
#   TEMPORAL_ADDRESS    frontend host:port (required)
#   TEMPORAL_NAMESPACE  default tramites
#   TEMPORAL_RETENTION  closed histories kept this long, default 30d
#   TEMPORAL_BIN        the Temporal CLI, default temporal (on PATH)
set -eu
: "${TEMPORAL_ADDRESS:?set TEMPORAL_ADDRESS}"
ns=${TEMPORAL_NAMESPACE:-tramites}
retention=${TEMPORAL_RETENTION:-30d}
cli=${TEMPORAL_BIN:-temporal}
attributes="ProcedureType:Keyword CaseStatus:Keyword Province:Keyword AgencyId:Keyword CaseDeadline:Datetime"

tries=0
until "$cli" operator cluster health --address "$TEMPORAL_ADDRESS" >/dev/null 2>&1; do
  tries=$((tries + 1))
  if [ "$tries" -ge 60 ]; then
    echo "the Temporal frontend at $TEMPORAL_ADDRESS did not answer in 60 s" >&2
    exit 1
  fi
  sleep 1
done

if "$cli" operator namespace describe --namespace "$ns" --address "$TEMPORAL_ADDRESS" >/dev/null 2>&1; then
  echo "namespace $ns exists"
else
  "$cli" operator namespace create --namespace "$ns" --retention "$retention" --address "$TEMPORAL_ADDRESS"
fi

# A new namespace reaches the frontend's namespace cache within its refresh interval (10 s).
tries=0
until existing=$("$cli" operator search-attribute list --namespace "$ns" --address "$TEMPORAL_ADDRESS" 2>&1); do
  tries=$((tries + 1))
  if [ "$tries" -ge 30 ]; then
    echo "$existing" >&2
    exit 1
  fi
  sleep 1
done
for attr in $attributes; do
  name=${attr%%:*}
  type=${attr##*:}
  if printf '%s\n' "$existing" | grep -qw "$name"; then
    echo "search attribute $name exists"
  else
    # CLI 1.5.1 asks no confirmation here (and has no --yes): an error is a real one.
    "$cli" operator search-attribute create --namespace "$ns" --name "$name" --type "$type" --address "$TEMPORAL_ADDRESS"
  fi
done
