"""File names in free text ("smoking.csv", "data/x.tsv"), blanked so they never match a
column name (askwhy.core.names) and so a planner can tell which file a question names."""

from __future__ import annotations

import re

_PATH_RUN = re.compile(r"[\w./\\:~-]+")
_EXTENSION = re.compile(
    r"\.(?:csv|tsv|txt|json|jsonl|xlsx?|parquet|feather|dat|arff|sav|dta|pkl)(?!\w)",
    re.IGNORECASE,
)


def mask_file_names(text: str) -> tuple[str, list[str]]:
    """Blank out file names ("smoking.csv", "data/x.tsv") so they never match a column.

    Returns the text with each file name replaced by spaces (same length, so offsets
    stay valid) and the file names found. Linear in the text: a file name is a run of
    path characters up to its last data-file extension.
    """
    if _EXTENSION.search(text) is None:
        return text, []
    found: list[str] = []
    pieces: list[str] = []
    pos = 0
    for run in _PATH_RUN.finditer(text):
        last = None
        for last in _EXTENSION.finditer(text, run.start(), run.end()):  # noqa: B007
            pass
        if last is not None:
            found.append(text[run.start() : last.end()])
            pieces += [text[pos : run.start()], " " * (last.end() - run.start())]
            pos = last.end()
    if not found:
        return text, []
    pieces.append(text[pos:])
    return "".join(pieces), found
