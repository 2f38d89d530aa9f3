"""Reports: the terminal rendering, an HTML or Markdown report, and the graph picture.

from askwhy.report import write_report
write_report(session.history, "report.html", data_path="smoking.csv")
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from askwhy.answer import Answer
from askwhy.errors import AskwhyError

REPORT_SUFFIXES = (".html", ".htm", ".md", ".markdown")

__all__ = ["REPORT_SUFFIXES", "check_report_path", "write_report"]


def check_report_path(path: str | Path) -> Path:
    """The path as a Path if its suffix names a report format, else a clear error."""
    target = Path(path)
    if target.suffix.lower() not in REPORT_SUFFIXES:
        raise AskwhyError(
            f"Cannot write a report to '{target}': use a file ending in .html or .md."
        )
    return target


def write_report(
    answers: Answer | Sequence[Answer],
    path: str | Path,
    data_path: str | Path | None = None,
    settings: Mapping[str, Any] | None = None,
    dictionary: Mapping[str, Any] | None = None,
) -> list[Path]:
    """Write a report for one answer or a whole conversation; the suffix picks the format.

    `.html` gives one self-contained page; `.md` gives Markdown plus an SVG per graph
    beside it. `settings` are the session defaults (algorithm, test, alpha, method,
    planner) used for the reproduce section; `dictionary` (column -> data dictionary entry,
    e.g. `dataset.dictionary.columns`) adds a "Data dictionary" table. Returns the files
    written.
    """
    target = check_report_path(path)
    suffix = target.suffix.lower()
    items = [answers] if isinstance(answers, Answer) else list(answers)
    if not items:
        raise AskwhyError("There is no answer to report yet: ask a question first.")
    data = str(data_path) if data_path is not None else None
    if suffix in (".html", ".htm"):
        from askwhy.report.html import write_html

        return [write_html(items, target, data, settings, dictionary=dictionary)]
    from askwhy.report.markdown import write_markdown

    return write_markdown(items, target, data, settings, dictionary=dictionary)
