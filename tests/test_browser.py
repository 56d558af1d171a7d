"""The chart and the SVG as a real browser draws them: headless Chromium screenshots.

Checked by structure, not by pixels: shaded review cells are counted as separate
regions of the review colour, the SVG's horizontal dose segments are found as bands
of the line colour at the heights the plan gives, and the printed PDF is A4. Skipped
when no ``chromium`` is installed (``.ci/run`` installs it from the distribution).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from ldn import OralLiquid, Regimen, titrate
from ldn.chart import chart_html, plan_svg

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# .ci/run installs chromium and sets LDN_REQUIRE_BROWSER, so CI fails rather than skips.
REQUIRED = bool(os.environ.get("LDN_REQUIRE_BROWSER"))
# tools/mutation.sh sets LDN_SKIP_BROWSER: a browser start per mutant would take hours.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None and not REQUIRED, reason="chromium is not installed"),
    pytest.mark.skipif(bool(os.environ.get("LDN_SKIP_BROWSER")), reason="LDN_SKIP_BROWSER is set"),
]

REVIEW = (0xD9, 0xE6, 0xF2)  # td.review and the SVG review band
LINE = (0x1F, 0x4E, 0x79)  # the SVG dose line
WARNING = (0xFF, 0xF3, 0xC4)  # the naltrexone warning card
BOTTLE = (0xF6, 0xDF, 0xB5)  # a fresh-bottle badge
PLAN = titrate(
    start="1.5", step="1.5", interval_days=14, target="4.5", start_date=dt.date(2026, 3, 2)
)


def chromium(*args: str, timeout: int = 90) -> None:
    assert CHROMIUM is not None, "LDN_REQUIRE_BROWSER is set but chromium is not installed"
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
            *args,
        ],
        check=True,
        capture_output=True,
        timeout=timeout,
    )


def screenshot(markup: str, tmp_path: Path, size: str) -> list[list[tuple[int, int, int]]]:
    page = tmp_path / "page.html"
    page.write_text(markup, encoding="utf-8")
    image = tmp_path / "page.png"
    chromium(f"--window-size={size}", f"--screenshot={image}", page.as_uri())
    return decode_png(image.read_bytes())


def decode_png(data: bytes) -> list[list[tuple[int, int, int]]]:
    """Rows of RGB pixels from an 8-bit RGB or RGBA, non-interlaced PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, chunks = 8, b""
    width = height = channels = 0
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert (depth, interlace) == (8, 0)
            channels = {2: 3, 6: 4}[color]
        elif kind == b"IDAT":
            chunks += body
        position += 12 + length
    raw = zlib.decompress(chunks)
    stride = width * channels
    rows: list[list[tuple[int, int, int]]] = []
    previous = bytearray(stride)
    for y in range(height):
        offset = y * (stride + 1)
        kind, line = raw[offset], bytearray(raw[offset + 1 : offset + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                estimate = left + up - corner
                pa, pb, pc = abs(estimate - left), abs(estimate - up), abs(estimate - corner)
                best = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + best) & 0xFF
        rows.append([tuple(line[x : x + 3]) for x in range(0, stride, channels)])  # type: ignore[misc]
        previous = line
    return rows


def regions(pixels: list[list[tuple[int, int, int]]], colour: tuple[int, int, int]) -> list[int]:
    """Sizes of the 4-connected regions of one exact colour."""
    height, width = len(pixels), len(pixels[0])
    seen = [[False] * width for _ in range(height)]
    sizes = []
    for y in range(height):
        for x in range(width):
            if seen[y][x] or pixels[y][x] != colour:
                continue
            stack, size = [(y, x)], 0
            seen[y][x] = True
            while stack:
                cy, cx = stack.pop()
                size += 1
                for ny, nx in ((cy + 1, cx), (cy - 1, cx), (cy, cx + 1), (cy, cx - 1)):
                    inside = 0 <= ny < height and 0 <= nx < width
                    if inside and not seen[ny][nx] and pixels[ny][nx] == colour:
                        seen[ny][nx] = True
                        stack.append((ny, nx))
            sizes.append(size)
    return sizes


def test_the_chart_shades_each_review_night(tmp_path: Path) -> None:
    regimen = Regimen(PLAN, liquid=OralLiquid.from_tablet())
    pixels = screenshot(chart_html(regimen), tmp_path, "760,2200")
    window = PLAN.review_window
    nights = window.last_day - window.first_day + 1
    found = regions(pixels, REVIEW)
    # One large region per shaded night (cells about 100 x 64 px, less their text) ...
    assert len([size for size in found if size > 1500]) == nights
    # ... and the legend's smaller key.
    assert any(300 < size <= 1500 for size in found)
    # The page is drawn in full: the last rows are white, so nothing was cut off.
    assert set(pixels[-1]) == {(255, 255, 255)}


def test_the_chart_shows_the_warning_and_each_fresh_bottle(tmp_path: Path) -> None:
    """Issue 21: the naltrexone warning is one boxed card, and each night a fresh bottle of
    the liquid is made carries its own marked badge (plus one in the legend)."""
    regimen = Regimen(PLAN, liquid=OralLiquid.from_tablet())
    pixels = screenshot(chart_html(regimen), tmp_path, "760,2600")
    cards = [size for size in regions(pixels, WARNING) if size > 20_000]
    assert len(cards) == 1
    made = [b for b in regimen.bottles() if b.made <= PLAN.review_window.last_day]
    badges = [size for size in regions(pixels, BOTTLE) if size > 150]
    assert len(badges) == len(made) + 1  # the legend's key too
    assert set(pixels[-1]) == {(255, 255, 255)}


def test_the_chart_prints_on_a4(tmp_path: Path) -> None:
    page = tmp_path / "chart.html"
    page.write_text(chart_html(PLAN, through=182), encoding="utf-8")
    pdf = tmp_path / "chart.pdf"
    chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    data = pdf.read_bytes()
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([0-9.]+) ([0-9.]+)\s*\]", data)
    assert boxes
    assert all(abs(float(w) - 595.3) < 2 and abs(float(h) - 841.9) < 2 for w, h in boxes)
    pages = len(re.findall(rb"/Type\s*/Page\b", data))
    assert 2 <= pages <= 8  # seven months at about two months a page


def test_the_svg_draws_each_dose_at_its_height(tmp_path: Path) -> None:
    svg = plan_svg(PLAN)
    markup = f'<!DOCTYPE html><html><body style="margin:0">{svg}</body></html>'
    pixels = screenshot(markup, tmp_path, "700,300")
    rows = [y for y, row in enumerate(pixels) if sum(1 for p in row if p == LINE) >= 60]
    bands: list[list[int]] = []
    for y in rows:
        if bands and y - bands[-1][-1] <= 1:
            bands[-1].append(y)
        else:
            bands.append([y])
    centres = [sum(band) / len(band) for band in bands]
    expected = [
        int(n) for n in re.findall(r"[MV] (?:\d+ )?(\d+)", svg.split('class="dose" d="')[1])
    ]
    assert len(centres) == len(PLAN.steps)
    for centre, y in zip(centres, sorted(expected), strict=True):
        assert abs(centre - y) <= 2
    band = [size for size in regions(pixels, REVIEW) if size > 1000]
    assert len(band) == 1  # the review window, one shaded rectangle
