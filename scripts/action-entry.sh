#!/usr/bin/env bash
# Entry point of the ldlint GitHub Action (action.yml): builds ldlint's argument list from the
# action inputs, runs ldlint, records its exit code and SARIF file as step outputs, and exits with
# ldlint's own exit code (0 clean, 1 findings at or above --fail-on, 2 usage/config/parse errors).
#
# Inputs come from the environment, never from `${{ inputs.* }}` pasted into a script (that would
# let a crafted input run shell code):
#   INPUT_PATHS              files/directories; one per line, or whitespace-separated on one line (default ".")
#   INPUT_CONFIG             --config FILE (optional)
#   INPUT_FAIL_ON            --fail-on: error (default), warning, info or none
#   INPUT_FORMATS            whitespace/newline-separated `name` or `name=file`
#                            (default "stylish github sarif=ldlint.sarif")
#   INPUT_ARGS               extra ldlint arguments, whitespace-separated, no shell quoting (optional)
#   LDLINT_BIN               the CLI to run (default: bin/ldlint.js of this checkout)
#   LDLINT_NODE              the node executable (default: node on PATH)
#   GITHUB_OUTPUT            where `exit-code=N` and `sarif-file=PATH` are appended (skipped when unset)
# The runner's own spelling of hyphenated inputs (INPUT_FAIL-ON) is accepted too.
set -uo pipefail
# Written for bash 3.2 and later (macOS runners): no ${x^^}, no empty "${a[@]}".

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bin="${LDLINT_BIN:-$here/../bin/ldlint.js}"
node_bin="${LDLINT_NODE:-node}"

# input NAME: the value of INPUT_<NAME> (upper case, '-' as '_'), else of the hyphenated spelling.
input() {
  local upper var
  upper="$(printf '%s' "$1" | tr '[:lower:]' '[:upper:]')"
  var="INPUT_$(printf '%s' "$upper" | tr '-' '_')"
  if [[ -n "${!var:-}" ]]; then
    printf '%s' "${!var}"
  else
    printenv "INPUT_${upper}" 2>/dev/null || true
  fi
}

# trim TEXT: without leading and trailing whitespace.
trim() {
  local s="$1"
  s="${s#"${s%%[![:space:]]*}"}"
  s="${s%"${s##*[![:space:]]}"}"
  printf '%s' "$s"
}

# emit NAME VALUE: append a step output (GitHub Actions), when there is an output file.
emit() {
  if [[ -n "${GITHUB_OUTPUT:-}" ]]; then
    printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"
  fi
}

fail_setup() {
  echo "ldlint action: $1" >&2
  emit exit-code 2
  emit sarif-file ''
  exit 2
}

# --- paths: one per line when the input has several lines (a path may contain spaces), else split on whitespace.
paths=()
raw_paths="$(input paths)"
if [[ "$raw_paths" == *$'\n'* ]]; then
  while IFS= read -r line || [[ -n "$line" ]]; do
    line="$(trim "${line%$'\r'}")"
    [[ -n "$line" ]] && paths+=("$line")
  done <<<"$raw_paths"
else
  read -r -a paths <<<"$raw_paths"
fi
[[ ${#paths[@]} -eq 0 ]] && paths=(.)

# --- options
args=()
config="$(trim "$(input config)")"
[[ -n "$config" ]] && args+=(--config "$config")

fail_on="$(trim "$(input fail-on)")"
args+=(--fail-on "${fail_on:-error}")

raw_formats="$(input formats)"
[[ -z "$(trim "$raw_formats")" ]] && raw_formats="stylish github sarif=ldlint.sarif"
read -r -d '' -a formats <<<"$raw_formats"
sarif_file=''
for spec in "${formats[@]}"; do
  args+=(--format "$spec")
  if [[ "$spec" == sarif=?* ]]; then
    sarif_file="${spec#sarif=}"
  fi
done

extra=()
read -r -d '' -a extra <<<"$(input args)"
# (`${a[@]+...}`: an empty array is "unbound" to bash 3.2, the macOS system bash.)
args+=(${extra[@]+"${extra[@]}"})

# A SARIF file left by an earlier run must not be mistaken for this run's (e.g. after a usage error).
if [[ -n "$sarif_file" ]]; then
  rm -f -- "$sarif_file"
fi

# --- run
if ! command -v "$node_bin" >/dev/null 2>&1; then
  fail_setup "node not found ($node_bin); ldlint needs Node.js 20 or later"
fi
if [[ ! -f "$bin" ]]; then
  fail_setup "ldlint CLI not found at $bin (is the action installed? see action.yml)"
fi

echo "ldlint action: ldlint ${args[*]} -- ${paths[*]}" >&2
"$node_bin" "$bin" "${args[@]}" -- "${paths[@]}"
code=$?

sarif_out=''
if [[ -n "$sarif_file" && -f "$sarif_file" ]]; then
  case "$sarif_file" in
    /*) sarif_out="$sarif_file" ;;
    *) sarif_out="$PWD/$sarif_file" ;;
  esac
fi
emit exit-code "$code"
emit sarif-file "$sarif_out"

case "$code" in
  0) ;;
  1) echo "ldlint action: findings at or above --fail-on ${fail_on:-error} (exit code 1)" >&2 ;;
  2) echo "ldlint action: usage, configuration or parse error (exit code 2)" >&2 ;;
  *) echo "ldlint action: ldlint ended with exit code $code" >&2 ;;
esac
exit "$code"
