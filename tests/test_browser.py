"""The HTML report in a real headless Chromium: it renders, fits a phone, screenshots and prints."""

from __future__ import annotations

import html
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from tests.conftest import Invoke

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


def chromium(profile: Path, width: int, *args: str) -> str:
    """Run headless Chromium at a window width; its stdout (the DOM for --dump-dom)."""
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    command = [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", f"--window-size={width},900", *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


Steps = list[tuple[str, list[str]]]


def recorded(
    cli: Invoke,
    monkeypatch: pytest.MonkeyPatch,
    steps: Steps,
    target: Path,
    *,
    now: str | None = None,
) -> Path:
    """Run each command at its moment, then write the HTML report (at `now`, else at the last
    moment) to `target`."""
    for moment, args in steps:
        monkeypatch.setenv("TPMPATH_NOW", moment)
        result = cli(*args)
        assert result.exit_code == 0, result.output
    if now is not None:
        monkeypatch.setenv("TPMPATH_NOW", now)
    result = cli("report", "--format", "html", "-o", str(target))
    assert result.exit_code == 0, result.output
    return target


@pytest.fixture
def page(cli: Invoke, tiny: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The HTML report of a few topics done with notes, a practice under way and a skip."""
    steps = [
        ("2026-02-09T09:00:00+01:00", ["done", "a", "--note", "Built a tiny REST client."]),
        ("2026-02-24T09:00:00+01:00", ["done", "c", "--note", "Sketched the <service> map."]),
        ("2026-03-03T09:00:00+01:00", ["log", "talk", "Coffee with the SRE lead", "--no-prompt"]),
        ("2026-03-04T09:00:00+01:00", ["start", "b"]),
    ]
    return recorded(
        cli, monkeypatch, steps, tmp_path / "report.html", now="2026-03-06T09:00:00+01:00"
    )


def test_rendered_dom_shows_the_report(page: Path, tmp_path: Path) -> None:
    dom = chromium(tmp_path / "chrome", 375, "--dump-dom", page.as_uri())
    for expected in (
        "Tiny path",
        "Basics",
        "Practice",
        "46.7%",
        "Topic A",
        "Built a tiny REST client.",
        "Sketched the &lt;service&gt; map.",
        "1 of 3 logged",
        "<svg",
        "Week of 2026-02-09: 1 completed",
    ):
        assert expected in dom, expected


def test_no_horizontal_scroll_on_a_phone(page: Path, tmp_path: Path) -> None:
    # The page, untouched (CSP included), in same-origin iframes of a phone's and a desktop's
    # width; the outer page's script measures how wide each laid out.
    source = html.escape(page.read_text(encoding="utf-8"), quote=True)
    frames = "".join(
        f'<iframe width="{w}" height="900" style="border:0;display:block" srcdoc="{source}">'
        "</iframe>"
        for w in (320, 375, 1280)
    )
    probe = (
        "<script>window.onload = () => { document.title = [...document.querySelectorAll"
        "('iframe')].map(f => f.contentDocument.documentElement.scrollWidth).join(','); };"
        "</script>"
    )
    outer = tmp_path / "probe.html"
    outer.write_text(f"<!DOCTYPE html><title>-</title><body style=margin:0>{frames}{probe}")
    dom = chromium(tmp_path / "chrome", 1300, "--dump-dom", outer.as_uri())
    widths = dom.split("<title>")[1].split("</title>")[0]
    assert widths == "320,375,1280"


@pytest.mark.parametrize("width", [375, 1280])
def test_screenshots(page: Path, tmp_path: Path, width: int) -> None:
    shot = tmp_path / f"shot-{width}.png"
    chromium(tmp_path / "chrome", width, f"--screenshot={shot}", page.as_uri())
    assert shot.stat().st_size > 10_000
    assert png_size(shot) == (width, 900)


def test_prints_to_pdf(page: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "r.pdf"
    chromium(
        tmp_path / "chrome", 1280, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri()
    )
    assert pdf.read_bytes().startswith(b"%PDF")
    assert pdf.stat().st_size > 5_000


@pytest.fixture
def skills_page(
    cli: Invoke, skilled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """The HTML report of a curriculum with skills: two ratings of one skill, evidence."""
    steps = [
        ("2026-02-09T09:00:00+01:00", ["assess", "apis=1", "talking=2"]),
        ("2026-02-10T09:00:00+01:00", ["done", "a", "--note", "Built a tiny REST client."]),
        ("2026-03-05T09:00:00+01:00", ["assess", "apis=4"]),
    ]
    return recorded(cli, monkeypatch, steps, tmp_path / "skills.html")


def test_the_skills_chart_renders_and_fits_a_phone(skills_page: Path, tmp_path: Path) -> None:
    dom = chromium(tmp_path / "chrome", 375, "--dump-dom", skills_page.as_uri())
    for expected in (
        '<figure class="skillchart">',
        "APIs and integration: first 1/5 on 2026-02-09",
        "APIs and integration: latest 4/5 on 2026-03-05",
        ">first</text>",
        ">latest</text>",
        "Built a tiny REST client.",
    ):
        assert expected in dom, expected
    # The chart's laid-out size at a phone's and a desktop's width, measured by the outer page.
    source = html.escape(skills_page.read_text(encoding="utf-8"), quote=True)
    frames = "".join(
        f'<iframe width="{w}" height="900" style="border:0;display:block" srcdoc="{source}">'
        "</iframe>"
        for w in (320, 1280)
    )
    probe = (
        "<script>window.onload = () => { document.title = [...document.querySelectorAll"
        "('iframe')].map(f => { const r = f.contentDocument.querySelector('.skillchart svg')"
        ".getBoundingClientRect(); return Math.round(r.width) + 'x' + Math.round(r.height); })"
        ".join(','); };</script>"
    )
    outer = tmp_path / "probe.html"
    outer.write_text(f"<!DOCTYPE html><title>-</title><body style=margin:0>{frames}{probe}")
    dom = chromium(tmp_path / "chrome", 1300, "--dump-dom", outer.as_uri())
    sizes = [
        tuple(int(n) for n in size.split("x"))
        for size in dom.split("<title>")[1].split("</title>")[0].split(",")
    ]
    (phone_w, phone_h), (desk_w, desk_h) = sizes
    assert 250 <= phone_w <= 320 and phone_h > 100  # fits the phone, drawn at a readable size
    assert desk_w == 440 and desk_h > phone_h  # capped on a desktop, in proportion
