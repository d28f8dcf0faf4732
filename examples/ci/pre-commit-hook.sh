#!/usr/bin/env bash
# Git pre-commit hook: audits the staged AWS SAM and CloudFormation templates with ironclad and blocks
# the commit on findings (or on a template that cannot be read). It scans what is staged, not the
# working tree, so a fix left unstaged does not let a bad template through.
#
#   cp examples/ci/pre-commit-hook.sh .git/hooks/pre-commit      # as a plain git hook
#   or, with the pre-commit framework, see .pre-commit-hooks.yaml at the repository root.
#
# Needs ironclad on PATH (dotnet tool install -g Ironclad.Tool), or IRONCLAD=/path/to/ironclad.
# With a staged ironclad-baseline.json at the repository root, only findings not in it block.
# Extra options for the scan: IRONCLAD_ARGS="--fail-on high". Skip once: git commit --no-verify.
set -euo pipefail

ironclad="${IRONCLAD:-ironclad}"
root="$(git rev-parse --show-toplevel)"
cd "$root"

# The staged candidates (the pre-commit framework passes them as arguments; git passes none).
if [ $# -gt 0 ]; then
  candidates=("$@")
else
  mapfile -d '' candidates < <(git diff --cached --name-only --diff-filter=ACMR -z)
fi

stage="$(mktemp -d)"
messages="$(mktemp)"
trap 'rm -rf "$stage" "$messages"' EXIT
found=0
for file in "${candidates[@]}"; do
  case "$file" in
    *.yaml | *.yml | *.json | *.template) ;;
    *) continue ;;
  esac
  mkdir -p "$stage/$(dirname "$file")"
  git show ":$file" >"$stage/$file"
  found=1
done
[ "$found" -eq 1 ] || exit 0

args=()
if git cat-file -e ":ironclad-baseline.json" 2>/dev/null; then
  git show ":ironclad-baseline.json" >"$stage/ironclad-baseline.json"
  args+=(--baseline ironclad-baseline.json)
fi
# shellcheck disable=SC2206 # IRONCLAD_ARGS is a list of options, split on purpose.
args+=(${IRONCLAD_ARGS:-})

# Scanning the staged copy from its root keeps the reported paths repository-relative; in a folder,
# ironclad itself tells templates from other YAML and JSON (workflows, package.json). The report goes
# to standard error, where git shows a hook's output.
status=0
(cd "$stage" && "$ironclad" scan . --quiet "${args[@]}") >&2 2>"$messages" || status=$?
if [ "$status" -eq 2 ] && grep -q 'no templates found' "$messages"; then
  exit 0 # YAML and JSON, but no template among them
fi
cat "$messages" >&2
if [ "$status" -ne 0 ]; then
  echo "pre-commit: ironclad found problems in the staged templates (exit $status); fix them, or commit with --no-verify" >&2
fi
exit "$status"
