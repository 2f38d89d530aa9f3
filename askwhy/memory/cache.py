"""The graph-cache key: the one place that says when a stored graph answers a new request."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field

from askwhy.core.settings import TEST_BASED, AnalysisSettings
from askwhy.stats.bootstrap import run_parameters


class ProvenanceLike(Protocol):
    """What matching reads: a Provenance, or a store index row with the same field names."""

    @property
    def dataset(self) -> str: ...
    @property
    def algorithm(self) -> str: ...
    @property
    def test(self) -> str | None: ...
    @property
    def alpha(self) -> float | None: ...
    @property
    def columns(self) -> Sequence[str]: ...
    @property
    def parameters(self) -> Mapping[str, Any]: ...


class GraphKey(BaseModel):
    """Same data (fingerprint), algorithm, columns (as a set), parameters, and for test-based
    algorithms the same resolved test and alpha. `None` for test or alpha matches any."""

    model_config = ConfigDict(frozen=True)

    fingerprint: str
    algorithm: str
    test: str | None = None
    alpha: float | None = None
    columns: tuple[str, ...] = ()
    parameters: dict[str, Any] = Field(default_factory=dict)

    @classmethod
    def for_discovery(
        cls,
        fingerprint: str,
        columns: Sequence[str],
        settings: AnalysisSettings,
        resolved_test: str | None,
    ) -> GraphKey:
        """The key of a discovery run with these settings (`resolved_test`: auto resolved)."""
        based = settings.algorithm in TEST_BASED
        return cls(
            fingerprint=fingerprint,
            algorithm=settings.algorithm,
            test=resolved_test if based else None,
            alpha=settings.alpha if based else None,
            columns=tuple(sorted(columns)),
            parameters=discovery_parameters(settings),
        )

    def matches(self, provenance: ProvenanceLike | None) -> bool:
        p = provenance
        if p is None or not self.fingerprint or p.dataset != self.fingerprint:
            return False
        if p.algorithm.lower() != self.algorithm.lower():
            return False
        if self.test is not None and (p.test or "").lower() != self.test.lower():
            return False
        if self.alpha is not None and (p.alpha is None or not math.isclose(p.alpha, self.alpha)):
            return False
        return tuple(sorted(p.columns)) == self.columns and p.parameters == self.parameters


def discovery_parameters(settings: AnalysisSettings) -> dict[str, Any]:
    """The extra parameters a discovery run records (and the cache compares): the seed when
    the result depends on it (LiNGAM, bootstrap), the bootstrap size B, the background
    knowledge (canonical form). A graph bootstrapped with another B is not reused."""
    return run_parameters(settings.algorithm, settings.seed, settings.bootstrap, settings.knowledge)
