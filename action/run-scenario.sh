#!/usr/bin/env bash
# The action's one step: install sessionchaos, run the scenario, put report.md in the step summary, and exit with
# the run's own code (0 pass, 1 gate failed, 2 unknown, 64 bad scenario, 69 environment, 130/143 interrupted by
# SIGINT/SIGTERM, e.g. a cancelled job: the verdict is then `interrupted`), so the job fails on any
# but 0. Runs outside GitHub too: tests set GITHUB_STEP_SUMMARY and GITHUB_OUTPUT to files, and SESSIONCHAOS_BIN
# to a command instead of installing from npm.
set -uo pipefail

out="${SESSIONCHAOS_OUT:-sessionchaos-report}"
summary="${GITHUB_STEP_SUMMARY:-/dev/null}"
outputs="${GITHUB_OUTPUT:-/dev/null}"

# No scenario: bad usage (64), said in the outputs and the step summary like every other exit.
if [[ -z "${SESSIONCHAOS_SCENARIO:-}" ]]; then
  {
    echo "verdict="
    echo "exit-code=64"
  } >>"$outputs"
  printf '## sessionchaos

No scenario to run. Fix: set the action input `scenario` to a scenario file.
' >>"$summary"
  echo "::error::sessionchaos: no scenario to run. Fix: set the action input scenario to a scenario file"
  exit 64
fi
scenario="$SESSIONCHAOS_SCENARIO"

# The install failed: no run, so no verdict (empty, as the `verdict` output documents for a run with no summary);
# the outputs and the step summary still say what failed and the fix, and the step exits 69 (environment).
install_failed() {
  {
    echo "verdict="
    echo "exit-code=69"
  } >>"$outputs"
  printf '## sessionchaos: %s\n\nCould not install %s: %s. Fix: %s.\n' "$scenario" "$package" "$1" "$2" >>"$summary"
  echo "::error::sessionchaos: could not install $package: $1. Fix: $2"
  exit 69
}

if [[ -n "${SESSIONCHAOS_BIN:-}" ]]; then
  read -r -a bin <<<"$SESSIONCHAOS_BIN"
else
  prefix="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/sessionchaos-action"
  package="sessionchaos@${SESSIONCHAOS_VERSION:-latest}"
  if ! command -v npm >/dev/null; then
    install_failed "npm is not on PATH" "keep the actions/setup-node step (node-version 24) before this action"
  fi
  npm install --prefix "$prefix" --no-save --no-audit --no-fund "$package" >&2
  npm_code=$?
  if ((npm_code != 0)); then
    install_failed "npm install exited with $npm_code (its error is in the step log)" \
      "check that the version input names a published version (npm view sessionchaos versions) and that the runner reaches the npm registry"
  fi
  bin=("$prefix/node_modules/.bin/sessionchaos")
fi

read -r -a extra <<<"${SESSIONCHAOS_ARGS:-}"
"${bin[@]}" run "$scenario" --out "$out" --no-dashboard "${extra[@]}"
code=$?

verdict=""
if [[ -f "$out/summary.json" ]]; then
  verdict="$(node -p "JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8')).verdict" "$out/summary.json")"
fi
{
  echo "verdict=$verdict"
  echo "exit-code=$code"
} >>"$outputs"

if [[ -f "$out/report.md" ]]; then
  cat "$out/report.md" >>"$summary"
else
  printf '## sessionchaos: %s\n\nThe run wrote no report (exit code %s): see the step log.\n' "$scenario" "$code" >>"$summary"
fi

case "$code" in
  0) ;;
  1) echo "::error file=$scenario::sessionchaos: the gate failed (verdict fail): see the step summary" ;;
  2) echo "::error file=$scenario::sessionchaos: the run could not decide (verdict unknown): see the step summary" ;;
  130 | 143) echo "::error file=$scenario::sessionchaos: the run was interrupted before its end (verdict ${verdict:-none}): it proves nothing, see the step summary" ;;
  *) echo "::error file=$scenario::sessionchaos exited with $code: see the step log" ;;
esac
exit "$code"
