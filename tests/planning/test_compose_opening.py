"""The answer's opening word is said once, even when the evidence opens with it too."""

import numpy as np
import pandas as pd

from askwhy.session import Session


def test_an_uncertain_direction_says_uncertain_once():
    rng = np.random.default_rng(3)
    dose = rng.normal(size=600)
    relief = np.where(dose + rng.normal(size=600) > 0, "yes", "no")
    session = Session()
    session.add_frame(pd.DataFrame({"dose": dose, "relief": relief}), name="trial")
    answer = session.ask("Does dose cause relief?")
    assert answer.answer == "uncertain"
    assert answer.explanation.startswith("Uncertain")
    assert "uncertain. uncertain" not in answer.explanation.lower()
    assert answer.explanation.lower().count("uncertain") == 1
