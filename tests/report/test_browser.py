"""Render the HTML report in headless Chromium: a screenshot and no console messages."""

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from askwhy.report import write_report
from tests.report.answers import ALL

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")


def render(page: Path, screenshot: Path) -> list[str]:
    """Screenshot `page`; return the console lines Chromium logged (any is a problem:
    the report has no scripts, so a console line means the page did something wrong)."""
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--host-resolver-rules=MAP * ~NOTFOUND",
                f"--user-data-dir={profile}",
                "--enable-logging=stderr",
                "--v=0",
                f"--screenshot={screenshot}",
                "--window-size=1200,1600",
                page.resolve().as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
    return [line for line in done.stderr.splitlines() if ":CONSOLE" in line]


def test_report_renders_without_console_errors(tmp_path):
    [page] = write_report([ALL[kind]() for kind in sorted(ALL)], tmp_path / "report.html")
    screenshot = tmp_path / "report.png"
    console = render(page, screenshot)
    assert screenshot.exists()
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert screenshot.stat().st_size > 10_000
    assert console == []


def test_a_page_with_a_script_error_is_caught(tmp_path):
    page = tmp_path / "broken.html"
    page.write_text("<html><body><p>x</p><script>undefinedFunction();</script></body></html>")
    console = render(page, tmp_path / "broken.png")
    assert any("Uncaught ReferenceError" in line for line in console)
