"""The auto planner: the rule planner answers when it is confident, a model planner otherwise.

The question is read once (the rule reader never raises); its confidence decides the route.
The decision is a planner step (`Answer.planner_steps`, never the tool trace) and a note;
`Answer.planner` says which planner answered: "auto:rules", "auto:llm" or "auto:local".
Without a model, the rule planner answers or refuses (an "unclear" answer saying why).
"""

from __future__ import annotations

import time
from typing import Any

from askwhy.answer import PlannerStep
from askwhy.errors import AskwhyError
from askwhy.planning.base import Plan, Planner, PlannerContext
from askwhy.planning.rules.designs import table_facts
from askwhy.planning.rules.parse import read
from askwhy.planning.rules.planner import RulePlanner, dataset_aliases, previous_frame

DEFAULT_THRESHOLD = 0.75


class AutoPlanner:
    """Rules first (offline, fast); the model when the rules are unsure or cannot read it."""

    name = "auto"

    def __init__(
        self,
        model: Planner | None,
        rules: RulePlanner | None = None,
        threshold: float = DEFAULT_THRESHOLD,
    ):
        self.model = model
        self.rules = rules if rules is not None else RulePlanner()
        self.threshold = threshold

    def plan(self, question: str, context: PlannerContext) -> Plan:
        started = time.perf_counter()
        dataset = context.dataset()
        aliases, facts = dataset_aliases(dataset), table_facts(dataset)
        reading = read(question, dataset.columns, aliases, previous_frame(context), facts)
        frame = reading.frame
        readable = frame.family != "unclear"
        if readable:
            confidence = float(frame.confidence)
            reason = f"the rule parser read it as a {frame.family} question"
        else:
            confidence = 0.0
            why = reading.reason or (frame.notes[0] if frame.notes else "unclear")
            reason = f"the rule parser could not read it ({why})"
        seconds = time.perf_counter() - started
        confident = confidence >= self.threshold

        if self.model is None or (readable and confident):
            route = self.rules.name
            why = f"The rule planner answered: confidence {confidence:.2f}" + (
                f" >= {self.threshold:.2f}." if confident else " (no model configured)."
            )
            plan = self.rules.plan_reading(reading, context)
        else:
            route = self.model.name
            if readable:
                reason += f"; confidence {confidence:.2f} < {self.threshold:.2f}"
            why = f"The {route} planner answered: {reason}."
            plan = self.model.plan(question, context)

        step = PlannerStep(
            planner=self.name,
            summary=why,
            details={
                "route": route,
                "confidence": round(confidence, 3),
                "threshold": self.threshold,
                "reason": reason,
            },
            seconds=seconds,
        )
        plan.steps = [step, *plan.steps]
        plan.notes = [why, *plan.notes]
        plan.planner = f"{self.name}:{route}"
        return plan


def make_model_planner(name: str, **options: Any) -> Planner:
    """'llm' or 'auto' with settings from `options` (CLI flags) > env > config file.

    Options: model, base_url, api_key, config_path, timeout, max_retries, max_steps,
    temperature (LLM settings); threshold and fallback ("llm" or "local") for auto;
    model_path and threads for the local model.
    """
    from askwhy.planning.llm.config import load_llm_settings

    threshold = options.pop("threshold", None)
    fallback = options.pop("fallback", None)
    local_options = {k: options.pop(k, None) for k in ("model_path", "threads")}
    settings = load_llm_settings(**options)
    if name == "llm":
        from askwhy.planning.llm.planner import LLMPlanner

        return LLMPlanner(settings)
    if name != "auto":
        raise AskwhyError(f"Unknown planner '{name}'. Available: rules, llm, auto.")
    model: Planner | None = None
    if fallback == "local" or (fallback is None and local_options["model_path"]):
        from askwhy.planning.local.planner import make_local_planner

        model = make_local_planner(**local_options)
    elif settings.configured:
        from askwhy.planning.llm.planner import LLMPlanner

        model = LLMPlanner(settings)
    return AutoPlanner(model, threshold=threshold if threshold is not None else DEFAULT_THRESHOLD)
