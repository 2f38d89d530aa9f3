"""Keep the output of the statistics libraries (prints, warnings, logging) out of answers."""

from __future__ import annotations

import contextlib
import io
import logging
import warnings
from collections.abc import Iterator

LIBRARY_LOGGERS = ("dowhy", "econml", "sklearn", "causallearn")


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """Silence stdout, warnings and the library loggers, restoring them afterwards."""
    loggers = [logging.getLogger(name) for name in LIBRARY_LOGGERS]
    levels = [logger.level for logger in loggers]
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        for logger in loggers:
            logger.setLevel(logging.CRITICAL)
        try:
            yield
        finally:
            for logger, level in zip(loggers, levels, strict=True):
                logger.setLevel(level)
