"""Make the example chart files and screenshots shown on docs/charts.rst.

    python tools/chart_images.py            # HTML, text and SVG into docs/_generated/
    python tools/chart_images.py --png      # also the PNG screenshots in docs/images/

The Sphinx build (docs/conf.py) calls ``write_examples`` on every build, so the
HTML, text and SVG on the page always come from the current code. The PNG
screenshots of how Chromium draws them are committed in docs/images/ and made by
the ``--png`` form of this command (headless Chromium from the distribution, at
device scale 1).
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import ldn  # noqa: E402
from ldn.chart import chart_html, chart_text, plan_svg  # noqa: E402

IMAGES = ROOT / "docs" / "images"
GENERATED = ROOT / "docs" / "_generated"


def example() -> tuple[ldn.TitrationPlan, ldn.Regimen]:
    """The page's example: 1.5 mg rising by 1.5 mg every 14 days, liquid then capsules."""
    plan = ldn.titrate(
        start="1.5", step="1.5", interval_days=14, target="4.5", start_date=dt.date(2026, 3, 2)
    )
    advice = ldn.advise_formulation(manages_liquid=True, filler_sensitivities=[], plan=plan)
    return plan, advice.regimen()


def write_examples(directory: Path) -> list[Path]:
    """The chart as HTML and text, and the plan's SVG, written into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    plan, regimen = example()
    files = {
        "chart-example.html": chart_html(regimen),
        "chart-example.txt": chart_text(regimen),
        "plan-example.svg": plan_svg(plan),
    }
    written = []
    for name, content in files.items():
        path = directory / name
        path.write_text(content, encoding="utf-8")
        written.append(path)
    return written


def screenshot(page: Path, image: Path, size: str) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        raise SystemExit("chromium is not installed (apt-get install chromium)")
    subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
            f"--window-size={size}",
            f"--screenshot={image}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )


def main(argv: list[str]) -> int:
    written = write_examples(GENERATED)
    for path in written:
        print(path.relative_to(ROOT))
    if "--png" in argv:
        html_page, _, svg = written
        screenshot(html_page, IMAGES / "chart-example.png", "760,2300")
        wrapper = GENERATED / "plan-example-page.html"
        wrapper.write_text(
            '<!DOCTYPE html><html><body style="margin:0">'
            + svg.read_text(encoding="utf-8")
            + "</body></html>",
            encoding="utf-8",
        )
        screenshot(wrapper, IMAGES / "plan-example.png", "640,240")
        wrapper.unlink()
        for name in ("chart-example.png", "plan-example.png"):
            print((IMAGES / name).relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
