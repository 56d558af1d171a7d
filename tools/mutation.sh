#!/usr/bin/env bash
# Mutation testing of ldn/ with mutmut (configuration: [tool.mutmut] in pyproject.toml).
# Needs the bench extra: pip install -e ".[test,bench]". Takes tens of minutes on 2 cores,
# so it is not part of .ci/run. Prints the score; `mutmut results` lists survivors and
# `mutmut show NAME` shows one.
set -euo pipefail
cd "$(dirname "$0")/.."
export HYPOTHESIS_PROFILE=mutation
python -m mutmut run --max-children "${MUTMUT_CHILDREN:-$(nproc)}" || true
python tools/mutation_score.py
