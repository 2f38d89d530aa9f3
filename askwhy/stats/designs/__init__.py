"""Effects by design: back-door, matching, instrumental variables, front-door, regression
discontinuity and difference-in-differences, for the ATE, ATT, ATC or a subgroup.

`estimate_design(data, DesignSpec(...), categories)` is the one entry point (askwhy.stats.
designs.run); each design lives in its own module and imports its libraries (DoWhy,
statsmodels, linearmodels, scikit-learn) inside its functions.
"""

from __future__ import annotations

from askwhy.stats.designs.results import DesignResult
from askwhy.stats.designs.run import choose_design, estimate_design
from askwhy.stats.designs.spec import DesignSpec, SubgroupFilter

__all__ = ["DesignResult", "DesignSpec", "SubgroupFilter", "choose_design", "estimate_design"]
