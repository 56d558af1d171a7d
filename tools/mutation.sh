#!/usr/bin/env bash
# Mutation testing of ldn/ with mutmut (configuration: [tool.mutmut] in pyproject.toml).
# Needs the bench extra: pip install -e ".[test,bench]". 3.5 to 5 minutes on 2 cores;
# .ci/run runs it and fails under 95%. Prints the score per module; `mutmut results`
# lists survivors and timeouts, `mutmut show NAME` shows one. Equivalent survivors are
# explained in docs/quality.rst.
set -euo pipefail
cd "$(dirname "$0")/.."
export HYPOTHESIS_PROFILE=mutation
# tests/test_browser.py starts Chromium (seconds a test): too slow to run per mutant.
export LDN_SKIP_BROWSER=1
# The second FHIR validator (HL7's packages, FHIRPath) takes seconds per export test; a
# surviving mutant runs every test that covers it, so per mutant only fhir.resources
# checks the structure. The validator still checks every export in the test step.
export LDN_MUTATION=1
rm -rf mutants
log=$(mktemp)
start=$(date +%s)
python -m mutmut run --max-children "${MUTMUT_CHILDREN:-$(nproc)}" >"$log" 2>&1 || true
# mutmut redraws one status line with carriage returns; show its last few states.
tr '\r' '\n' <"$log" | grep -v -E '^\s*$' | tail -n 3
echo "mutmut took $(( $(date +%s) - start )) s"
python tools/mutation_score.py --fail-under "${MUTATION_FAIL_UNDER:-95}"
