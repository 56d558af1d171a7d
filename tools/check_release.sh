#!/usr/bin/env bash
# Release checks (run by .ci/run; needs the `release` and `test` extras on PATH):
# build the sdist and the wheel from it, check their metadata, install the wheel into a
# fresh virtualenv and smoke-test the installed package there, from a copy of the tests
# outside the source tree. .ci/run has already run every test against the source tree;
# against the wheel what can differ is what the wheel holds, so the smoke set is: the
# package surface (every public name imports, lazily: tests/test_package.py,
# tests/test_lazy_exports.py), every error message (tests/test_messages.py), every row
# of the data tables the wheel ships (tests/test_lexicon_data.py,
# tests/test_screening_real_lists.py), every rule property at the quick depth
# (tests/property/), and the doctests of the installed package: about 1,000 tests.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "release: build the sdist, and the wheel from it; check their metadata"
dist=$(mktemp -d)
python -m build --outdir "$dist" . >"$dist/build.log" 2>&1 || { cat "$dist/build.log"; exit 1; }
version=$(python -c 'import ldn; print(ldn.__version__)')
ls "$dist/ldn_dosing-$version.tar.gz" "$dist/ldn_dosing-$version-py3-none-any.whl"
twine check --strict "$dist"/*.tar.gz "$dist"/*.whl

step "release: smoke tests and doctests of the installed wheel, in a fresh virtualenv"
# The tests run from a copy outside the source tree, so only the installed package
# can be imported; tests/conftest.py checks that ldn comes from the new virtualenv.
# The wheel is installed under the newest Python the package claims (3.13; .ci/run tests the
# source tree under 3.11): RELEASE_PYTHON when set, else a python3.13 that runs (on PATH or
# under pyenv), else python3 with a warning that 3.13 went untested.
installed=$(mktemp -d)
release_python=${RELEASE_PYTHON:-}
if [ -z "$release_python" ]; then
  for candidate in python3.13 "$(pyenv root 2>/dev/null)"/versions/3.13*/bin/python3.13; do
    if "$candidate" -c 'import sys; assert sys.version_info[:2] == (3, 13)' 2>/dev/null; then
      release_python=$candidate
      break
    fi
  done
fi
if [ -z "$release_python" ]; then
  echo "warning: no Python 3.13 on this machine; the wheel is tested under python3 only" >&2
  release_python=python3
fi
"$release_python" -m venv "$installed/venv"
echo "the wheel is tested under $("$installed/venv/bin/python" --version)"
"$installed/venv/bin/pip" install --quiet "$dist/ldn_dosing-$version-py3-none-any.whl[test]"
cp -r tests docs tools examples "$installed/"
# The copy's pytest configuration: pyproject.toml's markers, without its coverage of the
# source tree and its test paths.
python -c '
import sys
import tomllib
from pathlib import Path

options = tomllib.loads(Path("pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
lines = [
    "[pytest]",
    "addopts = -ra --strict-markers --import-mode=importlib -p no:cacheprovider",
    "filterwarnings = error",
    "xfail_strict = true",
    "markers =",
    *(f"    {marker}" for marker in options["markers"]),
]
Path(sys.argv[1]).write_text("\n".join(lines) + "\n")
' "$installed/pytest.ini"
(
  cd "$installed"
  export LDN_INSTALLED_UNDER="$installed/venv"
  venv/bin/python -c 'import importlib.metadata as m, sys; assert m.version("ldn-dosing") == sys.argv[1], m.version("ldn-dosing")' "$version"
  # The installed metadata holds the licence text and the project's links (what
  # `pip show ldn-dosing` shows as its home page and URLs).
  venv/bin/python - <<'EOF'
import importlib.metadata as m

meta = m.metadata("ldn-dosing")
files = [str(f) for f in m.files("ldn-dosing") or []]
assert any(f.endswith("licenses/LICENSE") for f in files), files
assert "MIT License" in (m.distribution("ldn-dosing").read_text("licenses/LICENSE") or "")
urls = dict(u.split(", ", 1) for u in meta.get_all("Project-URL") or [])
assert urls.get("Documentation", "").startswith("https://"), urls
print("installed metadata: licenses/LICENSE;", ", ".join(f"{k} {v}" for k, v in urls.items()))
EOF
  HYPOTHESIS_PROFILE=quick venv/bin/python -m pytest -q \
    tests/test_package.py tests/test_lazy_exports.py tests/test_messages.py \
    tests/test_lexicon_data.py tests/test_screening_real_lists.py tests/property
  venv/bin/python -m pytest -q --doctest-modules --pyargs ldn
)
rm -rf "$installed" "$dist"
echo "release checks passed: ldn-dosing $version"
