#!/usr/bin/env bash
# Times the ironclad CLI beside cfn-lint on the same files: one large template and a folder of 500
# typical SAM templates (one process for all of them). Wall time, median of N runs, start-up included.
# Usage: benchmarks/compare.sh [runs] [cfn-lint runs]   (results go to stdout; paste them into docs/performance.md)
# cfn-lint takes minutes on the large inputs, hence its own, smaller default.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
lint_runs="${2:-1}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

dotnet build src/Ironclad.Cli -c Release -nologo -v quiet >/dev/null
dotnet run --project benchmarks/Ironclad.Benchmarks -c Release -- generate "$work" >/dev/null
cli="dotnet src/Ironclad.Cli/bin/Release/net10.0/ironclad.dll"

median() {  # median wall seconds of running "$@" N times, N first (exit codes 0-2 are normal for linters)
  python3 - "$@" <<'PY'
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
  "$(median "$runs" $cli scan "$work/large-5000.yaml" --quiet)" "$(median "$lint_runs" cfn-lint "$work/large-5000.yaml")"
printf '%-44s %9ss %9ss\n' "500 typical SAM templates, one process" \
  "$(median "$runs" $cli scan "$work/many" --quiet)" "$(median "$lint_runs" cfn-lint "$work"/many/*.yaml)"
printf '%-44s %9ss %9ss\n' "the prechat example (38 functions)" \
  "$(median "$runs" $cli scan examples/prechat/template.yaml --quiet)" "$(median "$runs" cfn-lint examples/prechat/template.yaml)"
printf '%-44s %9ss %10s\n' "fix, the prechat example" "$(median "$runs" $cli fix examples/prechat/template.yaml -o "$work/hardened.yaml")" "-"
printf '%-44s %9ss %10s\n' "fix, 1 template of 5,000 resources" "$(median "$runs" $cli fix "$work/large-5000.yaml" -o "$work/hardened-5000.yaml")" "-"
