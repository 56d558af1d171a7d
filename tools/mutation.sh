#!/usr/bin/env bash
# Mutation testing of ldn/ with mutmut (configuration: [tool.mutmut] in pyproject.toml).
# Needs the bench extra: pip install -e ".[test,bench]".
#
#   tools/mutation.sh               every module: the full run recorded on docs/quality.rst
#                                   (its per-module table: tools/mutation_table.py)
#   tools/mutation.sh --changed     only the functions this change touches (what .ci/run runs)
#
# Fails when the score is under MUTATION_FAIL_UNDER (95 by default). The score is read from
# mutmut's exported statistics (`mutmut export-cicd-stats`, mutants/mutmut-cicd-stats.json):
# (killed + timed out) / (every mutant tested, skipped ones left out); a mutant no test
# reaches counts as a survivor. `mutmut results` lists survivors, `mutmut show NAME` shows
# one (--changed shows them when it fails); equivalent survivors are explained in
# docs/quality.rst.
#
# What a change touches: the functions and methods of ldn/ (tools/changed_functions.py)
# whose code differs (committed or not) from
#   - MUTATION_BASE, when set (a commit, tag or branch);
#   - else, on a branch: its merge base with main (main, or origin/main in a clone);
#   - else (on main itself): the first parent of HEAD (a merge brings its branch's changes);
# and those that read a module-level name whose value changed. Files left out by
# do_not_mutate (data tables) are not counted. They are mutated in one mutmut run and gated
# together. A change that only edits tests cannot lower a score below the gate unnoticed for
# long: the full run, before each release, tests every function.
#
# The full run took 1,589 to 2,097 s on 2 cores for 9,400 to 11,150 mutants (docs/quality.rst);
# ldn/ now has about 14,500. Each run first runs the whole test selection once, to map
# tests to functions (about 3 minutes here); then about 2 mutants a second.
set -euo pipefail
cd "$(dirname "$0")/.."
export HYPOTHESIS_PROFILE=mutation
# tests/test_browser.py starts Chromium (seconds a test): too slow to run per mutant.
export LDN_SKIP_BROWSER=1
# The second FHIR validator (HL7's packages, FHIRPath) takes seconds per export test; a
# surviving mutant runs every test that covers it, so per mutant only fhir.resources
# checks the structure. The validator still checks every export in the slow test stage.
export LDN_MUTATION=1
fail_under=${MUTATION_FAIL_UNDER:-95}
children=${MUTMUT_CHILDREN:-$(nproc)}

# The figures of mutants/mutmut-cicd-stats.json as "killed survived tested":
# killed counts timeouts (the tests noticed the mutant: it hung); tested leaves out
# skipped mutants and those not yet run (the total minus every status exported).
exported() {
  python -m mutmut export-cicd-stats >/dev/null
  python - <<'EOF'
import json

s = json.load(open("mutants/mutmut-cicd-stats.json"))
killed = s["killed"] + s["timeout"]
failed = s["survived"] + s["no_tests"] + s["suspicious"] + s["segfault"]
failed += s["check_was_interrupted_by_user"]
print(killed, failed, killed + failed)
EOF
}

# score KILLED TESTED: the percentage, one decimal; 100.0 when nothing was tested.
score() {
  python -c 'import sys; k, t = map(int, sys.argv[1:]); print(f"{100 * k / t if t else 100:.1f}")' "$@"
}

# below SCORE: whether SCORE is under the gate.
below() {
  python -c 'import sys; sys.exit(0 if float(sys.argv[1]) < float(sys.argv[2]) else 1)' "$1" "$fail_under"
}

# run NAME...: one `mutmut run` (mutant names as globs, none for every mutant), its last
# status line shown.
run() {
  local log
  log=$(mktemp)
  python -m mutmut run --max-children "$children" "$@" >"$log" 2>&1 || true
  # A module without functions has no mutants: mutmut refuses a filter that matches none.
  if grep -q 'but nothing matches' "$log"; then
    rm -f "$log"
    return 0
  fi
  # mutmut redraws one status line with carriage returns; show its last state.
  tr '\r' '\n' <"$log" | grep -v -E '^\s*$' | grep -E '^[0-9]+/[0-9]+' | tail -n 1 || true
  if ! grep -q 'mutations/second' "$log"; then
    tr '\r' '\n' <"$log" | tail -n 30 >&2
    echo "mutmut did not finish its run" >&2
    exit 1
  fi
  rm -f "$log"
}

rm -rf mutants
start=$(date +%s)

if [ "${1:-}" != "--changed" ]; then
  run
  read -r killed failed tested < <(exported)
  total=$(score "$killed" "$tested")
  echo "mutmut took $(($(date +%s) - start)) s"
  echo "mutation score: ${total}% (${killed} of ${tested} killed, ${failed} not)"
  # Per module, as the table of docs/quality.rst (from mutmut's own listing).
  python -m mutmut results --all true | python tools/mutation_table.py
  if below "$total"; then
    echo "mutation score ${total}% is under the required ${fail_under}%" >&2
    exit 1
  fi
  exit 0
fi

# The base of the change.
if [ -n "${MUTATION_BASE:-}" ]; then
  base=$(git rev-parse --verify "$MUTATION_BASE^{commit}")
else
  main_ref=""
  for ref in main origin/main; do
    if git rev-parse --verify --quiet "$ref^{commit}" >/dev/null; then
      main_ref=$ref
      break
    fi
  done
  if [ -n "$main_ref" ] && ! git merge-base --is-ancestor HEAD "$main_ref"; then
    base=$(git merge-base HEAD "$main_ref")
  elif git rev-parse --verify --quiet 'HEAD^1' >/dev/null; then
    base=$(git rev-parse 'HEAD^1')
  else
    echo "no base to compare with (a first commit): every module is tested" >&2
    exec bash tools/mutation.sh
  fi
fi

# The touched modules: ldn/ Python files changed since the base (working tree included)
# or new, that exist and that mutmut mutates.
mapfile -t modules < <(
  {
    git diff --name-only "$base" -- 'ldn/*.py'
    git ls-files --others --exclude-standard -- 'ldn/*.py'
  } | sort -u | python -c '
import fnmatch, sys, tomllib
from pathlib import Path

skip = tomllib.loads(Path("pyproject.toml").read_text())["tool"]["mutmut"]["do_not_mutate"]
for line in sys.stdin:
    path = line.strip()
    if Path(path).is_file() and not any(fnmatch.fnmatch(path, glob) for glob in skip):
        print(path)
'
)
# The touched functions of those modules (tools/changed_functions.py): "path glob" lines.
mapfile -t touched < <(
  if [ "${#modules[@]}" -gt 0 ]; then python tools/changed_functions.py "$base" "${modules[@]}"; fi
)
echo "change: $(git rev-parse --short HEAD) against $(git rev-parse --short "$base");" \
  "modules touched: ${#modules[@]}; functions touched: ${#touched[@]}"
if [ "${#touched[@]}" -eq 0 ]; then
  echo "no function of ldn/ to mutate"
  exit 0
fi
globs=()
for line in "${touched[@]}"; do
  echo "  ${line#* }"
  globs+=("${line#* }")
done

# One mutmut run over every touched function; the gate is on their score together.
run "${globs[@]}"
read -r killed failed tested < <(exported)
total=$(score "$killed" "$tested")
echo "mutmut took $(($(date +%s) - start)) s"
echo "mutation score of the touched functions: ${total}% (${killed} of ${tested} killed, ${failed} not)"
if below "$total"; then
  # The survivors, each with its diff (the first 30), so that a failing CI log says what to test.
  mapfile -t survivors < <(
    python -m mutmut results | grep -E ': (survived|no tests|suspicious|segfault)$' |
      sed -E 's/^ *//; s/: [a-z ]+$//'
  )
  echo "survivors: ${#survivors[@]}"
  for name in "${survivors[@]:0:30}"; do
    python -m mutmut show "$name" || true
  done
  echo "mutation score ${total}% of the touched functions is under the required ${fail_under}%" >&2
  exit 1
fi
