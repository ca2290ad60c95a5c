#!/bin/sh
# Keep in sync with libs/contracts/src/temporal.ts (searchAttributeKeys).
set -e
until temporal operator cluster health --address "$TEMPORAL_ADDRESS" >/dev/null 2>&1; do sleep 2; done
for attr in ProcedureType:Keyword CaseStatus:Keyword Province:Keyword AgencyId:Keyword CaseDeadline:Datetime; do
  name=${attr%%:*}; type=${attr##*:}
  temporal operator search-attribute create --namespace tramites --name "$name" --type "$type" --address "$TEMPORAL_ADDRESS" --yes \
    || echo "search attribute $name already exists"
done
