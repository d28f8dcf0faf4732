#!/usr/bin/env bash
# Exercises the CI examples locally with the ironclad built from this checkout:
#  1. github-actions.yml: its `run:` steps are extracted and executed in order, in a copy of
#     examples/prechat, as a pull_request job would run them (RUNNER_TEMP, GITHUB_PATH, step env, and
#     `if: !cancelled()` after a failure); the upload and comment steps are not executed, their inputs
#     are checked instead. Without a baseline the scan step must fail the job on the example's findings;
#     with one made by --create-baseline every step must pass.
#  2. pre-commit-hook.sh, as .git/hooks/pre-commit in a temporary repository: a staged bad template
#     blocks the commit (even with a fix left unstaged), a clean one and non-template YAML do not.
# Needs dotnet, git and python3 with PyYAML. IRONCLAD_PACKAGES=DIR reuses a folder holding an already
# packed Ironclad.Tool package instead of packing one. Prints 'N passed, N failed'; exits 1 on any failure.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 NUGET_PACKAGES="$work/nuget-cache"

passed=0
failed=0
check() { # check DESCRIPTION COMMAND...
  local what="$1"
  shift
  if "$@"; then
    passed=$((passed + 1))
    echo "ok    $what"
  else
    failed=$((failed + 1))
    echo "FAIL  $what"
  fi
}

packages="${IRONCLAD_PACKAGES:-}"
if [ -z "$packages" ]; then
  packages="$work/nupkg"
  dotnet pack "$root/src/Ironclad.Cli" -c Release --artifacts-path "$work/artifacts" -o "$packages" -nodeReuse:false >"$work/pack.log" 2>&1 ||
    { cat "$work/pack.log" >&2; exit 1; }
fi

# A nuget.config at the top of each simulated checkout: the workflow's own `dotnet tool install
# Ironclad.Tool` then installs this checkout's package, unchanged, instead of a published one.
nuget_config() {
  cat >"$1/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration><packageSources><clear /><add key="local" value="$packages" /></packageSources></configuration>
XML
}

# --- 1. the GitHub Actions workflow ---------------------------------------------------------------

# Runs the workflow's one job; prints "outcome failing-step" (failing-step '-' when none).
run_workflow() {
  local repo="$1"
  python3 - "$here/github-actions.yml" "$repo" "$work/runner-$(basename "$repo")" <<'PY'
import json, os, subprocess, sys, yaml

workflow_file, repo, runner = sys.argv[1:]
workflow = yaml.safe_load(open(workflow_file))
(job,) = workflow["jobs"].values()
os.makedirs(runner, exist_ok=True)
path_file = os.path.join(runner, "github_path")
open(path_file, "w").close()
env = dict(os.environ, RUNNER_TEMP=runner, GITHUB_PATH=path_file, GITHUB_WORKSPACE=repo,
           GITHUB_EVENT_NAME="pull_request", GITHUB_STEP_SUMMARY=os.path.join(runner, "summary"), CI="true")
env.update({k: str(v) for k, v in (workflow.get("env") or {}).items()})
env.update({k: str(v) for k, v in (job.get("env") or {}).items()})
failing = None
for step in job["steps"]:
    name = step.get("id") or step.get("name") or step.get("uses")
    condition = str(step.get("if", ""))
    if failing and "!cancelled()" not in condition and "always()" not in condition:
        print(f"  skip   {name}", file=sys.stderr)
        continue
    step_env = {k: str(v) for k, v in (step.get("env") or {}).items()}
    if step.get("id") == "upload":
        sarif = os.path.join(repo, step["with"]["sarif_file"])
        ok = os.path.isfile(sarif) and json.load(open(sarif)).get("version") == "2.1.0"
        print(f"  check  {name}: {step['with']['sarif_file']} {'is SARIF 2.1.0' if ok else 'missing or not SARIF'}", file=sys.stderr)
        failing = failing or (None if ok else name)
        continue
    if step.get("id") == "comment":
        body = os.path.join(repo, step_env["COMMENT"])
        ok = os.path.isfile(body) and os.path.getsize(body) > 0
        print(f"  check  {name}: {step_env['COMMENT']} {'exists' if ok else 'missing or empty'}", file=sys.stderr)
        failing = failing or (None if ok else name)
        continue
    if "run" not in step:
        print(f"  skip   {name} (uses {step['uses']}: the checkout is the local copy)", file=sys.stderr)
        continue
    if any("${{" in v for v in step_env.values()) or "${{" in step["run"]:
        sys.exit(f"step {name}: an executed step must not depend on a GitHub expression")
    extra = [line.strip() for line in open(path_file) if line.strip()]
    step_path = ":".join(extra[::-1] + [env["PATH"]])
    script = os.path.join(runner, "step.sh")
    open(script, "w").write(step["run"])
    code = subprocess.call(["bash", "--noprofile", "--norc", "-eo", "pipefail", script], cwd=repo,
                           env=dict(env, **step_env, PATH=step_path), stdout=sys.stderr)
    print(f"  run    {name}: exit {code}", file=sys.stderr)
    if code != 0:
        failing = failing or name
print(("failure " + failing) if failing else "success -")
PY
}

repo="$work/app"
mkdir -p "$repo"
cp -r "$root/examples/prechat/." "$repo/"
nuget_config "$repo"

echo "github-actions.yml on examples/prechat, no baseline:"
result="$(run_workflow "$repo")"
check "the job fails, at the scan step, on the example's findings" [ "$result" = "failure scan" ]
check "the scan wrote SARIF with results" python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['runs'][0]['results']; sys.exit(0 if r else 1)" "$repo/ironclad.sarif"
check "the SARIF names the template repository-relative" grep -q '"uri": "template.yaml"' "$repo/ironclad.sarif"
check "the comment was written, starting with the marker the comment step finds it by" [ "$(head -n 1 "$repo/ironclad-comment.md")" = "<!-- ironclad-fix -->" ]

echo "github-actions.yml with a committed baseline:"
rm -f "$repo/ironclad.sarif" "$repo/ironclad-comment.md"
(cd "$repo" && "$work/runner-app/ironclad/ironclad" scan . --create-baseline ironclad-baseline.json >/dev/null 2>&1)
result="$(run_workflow "$repo")"
check "every step passes" [ "$result" = "success -" ]
check "the baselined findings are still in the SARIF, as unchanged" grep -q '"baselineState": "unchanged"' "$repo/ironclad.sarif"

# --- 2. the pre-commit hook -----------------------------------------------------------------------

ironclad="$work/runner-app/ironclad/ironclad"
hookrepo="$work/hook"
git init -q "$hookrepo"
git -C "$hookrepo" config user.email ci@example.com
git -C "$hookrepo" config user.name ci
cp "$here/pre-commit-hook.sh" "$hookrepo/.git/hooks/pre-commit"
commit() { (cd "$hookrepo" && IRONCLAD="$ironclad" git commit -q -m "$1" >"$work/commit.log" 2>&1); }

echo "pre-commit-hook.sh:"
mkdir -p "$hookrepo/.github/workflows"
cp "$here/github-actions.yml" "$hookrepo/.github/workflows/ironclad.yml"
printf '{"name": "not-a-template", "version": "1.0.0"}\n' >"$hookrepo/package.json"
git -C "$hookrepo" add -A
check "a commit without templates passes" commit "workflow and package.json"

cat >"$hookrepo/queue.yaml" <<'YAML'
Resources:
  Jobs:
    Type: AWS::SQS::Queue
    Properties:
      SqsManagedSseEnabled: true
YAML
git -C "$hookrepo" add queue.yaml
check "a staged clean template passes" commit "clean template"

cat >"$hookrepo/queue.yaml" <<'YAML'
Resources:
  Jobs:
    Type: AWS::SQS::Queue
YAML
git -C "$hookrepo" add queue.yaml
if commit "bad template"; then blocked=1; else blocked=0; fi
check "a staged bad template blocks the commit" [ "$blocked" -eq 0 ]
check "the hook names the finding" grep -q 'FAIL .*queue.yaml:2:3 Jobs' "$work/commit.log"

printf 'Resources:\n  Jobs:\n    Type: AWS::SQS::Queue\n    Properties:\n      KmsMasterKeyId: alias/jobs\n' >"$hookrepo/queue.yaml"
if commit "fixed, but the fix is not staged"; then blocked=1; else blocked=0; fi
check "a fix left unstaged does not let the staged bad template through" [ "$blocked" -eq 0 ]
git -C "$hookrepo" add queue.yaml
check "staging the fix lets the commit through" commit "fixed"

printf 'Resources:\n  Jobs: [\n' >"$hookrepo/broken.yaml"
git -C "$hookrepo" add broken.yaml
if commit "broken template"; then blocked=1; else blocked=0; fi
check "a staged template that cannot be read blocks the commit" [ "$blocked" -eq 0 ]

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
