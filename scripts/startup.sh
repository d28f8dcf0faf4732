#!/usr/bin/env bash
# Start-up time of the two shipped forms of ironclad: the .NET tool and the Native AOT binary.
# Each run scans one small template end to end (parse, all rules, text report); the script prints the
# median, minimum and maximum wall-clock time of N runs of each.
#
#   scripts/startup.sh [N]                       # packs, installs and publishes into a temp dir first
#   TOOL=path/to/ironclad AOT=path/to/ironclad scripts/startup.sh [N]   # measure existing builds
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-21}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if [ -z "${TOOL:-}" ]; then
  echo "packing and installing the .NET tool..." >&2
  dotnet pack src/Ironclad.Cli -c Release --artifacts-path "$work/artifacts" -o "$work/nupkg" -nodeReuse:false >/dev/null
  cat >"$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration><packageSources><clear /><add key="local" value="$work/nupkg" /></packageSources></configuration>
XML
  NUGET_PACKAGES="$work/cache" dotnet tool install Ironclad.Tool --tool-path "$work/tools" --configfile "$work/nuget.config" >/dev/null
  TOOL="$work/tools/ironclad"
fi
if [ -z "${AOT:-}" ]; then
  echo "publishing the Native AOT binary..." >&2
  dotnet publish src/Ironclad.Cli -c Release -r linux-x64 -p:PublishAot=true --artifacts-path "$work/aot-artifacts" -o "$work/aot" -nodeReuse:false >/dev/null
  AOT="$work/aot/ironclad"
fi

cat >"$work/template.yaml" <<'YAML'
AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Orders:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: python3.12
      ReservedConcurrentExecutions: 5
  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      KeySchema: [{AttributeName: id, KeyType: HASH}]
      AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
YAML

# Milliseconds for one run; the exit code is the scan's (1: findings), so it is not an error here.
once() {
  local start end
  start=$(date +%s%N)
  "$1" scan "$work/template.yaml" >/dev/null 2>&1 || [ $? -eq 1 ]
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
}

measure() {
  local name="$1" binary="$2" times=()
  "$binary" scan "$work/template.yaml" >/dev/null 2>&1 || [ $? -eq 1 ]   # warm the page cache
  for _ in $(seq "$runs"); do times+=("$(once "$binary")"); done
  mapfile -t sorted < <(printf '%s\n' "${times[@]}" | sort -n)
  printf '%-28s median %5d ms   min %5d ms   max %5d ms   (%d runs)\n' \
    "$name" "${sorted[$((runs / 2))]}" "${sorted[0]}" "${sorted[$((runs - 1))]}" "$runs"
}

echo "ironclad $("$AOT" --version 2>/dev/null || echo '?'), $(nproc) cores, $(uname -m)"
measure ".NET tool (dotnet tool)" "$TOOL"
measure "Native AOT (linux-x64)" "$AOT"
