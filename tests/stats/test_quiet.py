"""quiet(): library prints, warnings and log records stay out of the answer."""

from __future__ import annotations

import logging
import warnings

import pytest

from askwhy.stats.quiet import LIBRARY_LOGGERS, quiet


def test_quiet_silences_prints_warnings_and_library_logs(
    capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    with warnings.catch_warnings(record=True) as caught, quiet():
        print("progress 10%")
        warnings.warn("convergence", UserWarning, stacklevel=1)
        for name in LIBRARY_LOGGERS:
            logging.getLogger(name).warning("noisy")
    assert capsys.readouterr().out == ""
    assert caught == []
    assert not [r for r in caplog.records if r.name in LIBRARY_LOGGERS]


def test_quiet_restores_logger_levels_after_an_error() -> None:
    logger = logging.getLogger("dowhy")
    before = logger.level
    logger.setLevel(logging.INFO)
    try:
        with pytest.raises(RuntimeError), quiet():
            assert logger.level == logging.CRITICAL
            raise RuntimeError("estimator failed")
        assert logger.level == logging.INFO
    finally:
        logger.setLevel(before)
