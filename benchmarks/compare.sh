#!/usr/bin/env bash
# Times the ironclad CLI beside cfn-lint on the same files: one large template and a folder of 500
# typical SAM templates (one process for all of them). Wall time, median of N runs, start-up included.
# Usage: benchmarks/compare.sh [runs]   (results go to stdout; paste them into docs/performance.md)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

dotnet build src/Ironclad.Cli -c Release -nologo -v quiet >/dev/null
dotnet run --project benchmarks/Ironclad.Benchmarks -c Release -- generate "$work" >/dev/null
cli="dotnet src/Ironclad.Cli/bin/Release/net10.0/ironclad.dll"

median() {  # median wall seconds of running "$@" $runs times (exit codes 0-2 are normal for linters)
  python3 - "$runs" "$@" <<'PY'
import subprocess, sys, time
runs, cmd = int(sys.argv[1]), sys.argv[2:]
times = []
for _ in range(runs):
    start = time.perf_counter()
    code = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
    times.append(time.perf_counter() - start)
    if code > 15:
        sys.exit(f"{cmd[0]} exited {code}")
times.sort()
print(f"{times[len(times)//2]:.2f}")
PY
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr); date: $(date -u +%F)"
echo "ironclad $($cli --version 2>/dev/null || echo dev); cfn-lint $(cfn-lint --version | awk '{print $2}')"
printf '%-44s %10s %10s\n' "input" "ironclad" "cfn-lint"
printf '%-44s %9ss %9ss\n' "1 template, 5,000 resources ($(du -k "$work/large-5000.yaml" | cut -f1) KB)" \
  "$(median $cli scan "$work/large-5000.yaml" --quiet)" "$(median cfn-lint "$work/large-5000.yaml")"
printf '%-44s %9ss %9ss\n' "500 typical SAM templates, one process" \
  "$(median $cli scan "$work/many" --quiet)" "$(median cfn-lint "$work"/many/*.yaml)"
printf '%-44s %9ss %9ss\n' "the prechat example (38 functions)" \
  "$(median $cli scan examples/prechat/template.yaml --quiet)" "$(median cfn-lint examples/prechat/template.yaml)"
