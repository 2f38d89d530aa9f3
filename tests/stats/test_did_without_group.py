"""A 2x2 difference-in-differences named by a post and a treated-group column, no group."""

import numpy as np
import pandas as pd

from askwhy.stats.designs import DesignSpec
from askwhy.stats.designs import estimate_design as estimate_by_design


def test_two_by_two_without_a_group_column_has_robust_errors_and_the_true_effect():
    rng = np.random.default_rng(0)
    n = 4000
    g = rng.integers(0, 2, n)
    post = rng.integers(0, 2, n)
    sales = 1 + 0.5 * g + 0.3 * post + 2.0 * g * post + rng.normal(size=n)
    frame = pd.DataFrame({"policy": g * post, "sales": sales, "after": post, "treated": g})
    spec = DesignSpec(
        treatment="policy", outcome="sales", design="did", post="after", treated_group="treated"
    )
    result = estimate_by_design(frame, spec)
    assert result.se is not None and 0 < result.se < 0.1
    assert abs(result.value - 2.0) < 4 * result.se
    assert "robust" in result.method
