#!/usr/bin/env bash
# Release checks (run by .ci/run; needs the `release` and `test` extras on PATH):
# build the sdist and the wheel from it, check their metadata, install the wheel
# into a fresh virtualenv and run the test suite and the package doctests there,
# against the installed package rather than the source tree.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "release: build the sdist, and the wheel from it; check their metadata"
dist=$(mktemp -d)
python -m build --outdir "$dist" . >"$dist/build.log" 2>&1 || { cat "$dist/build.log"; exit 1; }
version=$(python -c 'import ldn; print(ldn.__version__)')
ls "$dist/ldn_dosing-$version.tar.gz" "$dist/ldn_dosing-$version-py3-none-any.whl"
twine check --strict "$dist"/*.tar.gz "$dist"/*.whl

step "release: the test suite against the installed wheel, in a fresh virtualenv"
# The tests run from a copy outside the source tree, so only the installed package
# can be imported; conftest.py checks that ldn comes from the new virtualenv.
installed=$(mktemp -d)
python3 -m venv "$installed/venv"
"$installed/venv/bin/pip" install --quiet "$dist/ldn_dosing-$version-py3-none-any.whl[test]"
cp -r tests docs tools examples "$installed/"
# The copy has no .git, so the second FHIR validator would look for its HL7 packages in
# the copy; point it at the source tree's cache (filled by .ci/run's earlier step).
export LDN_FHIR_PACKAGE_CACHE="${LDN_FHIR_PACKAGE_CACHE:-$PWD/.cache/fhir-packages}"
printf '[pytest]\naddopts = -ra --strict-markers --import-mode=importlib -p no:cacheprovider\nfilterwarnings = error\nxfail_strict = true\n' >"$installed/pytest.ini"
(
  cd "$installed"
  export LDN_INSTALLED_UNDER="$installed/venv"
  venv/bin/python -c 'import importlib.metadata as m, sys; assert m.version("ldn-dosing") == sys.argv[1], m.version("ldn-dosing")' "$version"
  # The test step has already searched the properties at the CI profile's depth; against
  # the wheel the suite checks the package, at the default depth (60 examples a property).
  HYPOTHESIS_PROFILE=dev venv/bin/python -m pytest -q tests
  venv/bin/python -m pytest -q --doctest-modules --pyargs ldn
)
rm -rf "$installed" "$dist"
echo "release checks passed: ldn-dosing $version"
