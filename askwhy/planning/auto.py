"""The auto planner: the rule planner answers when it is confident, the LLM planner otherwise.

The trace (first step, tool "auto") and `Answer.planner` ("auto:rules" / "auto:llm") say which.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from askwhy.answer import Answer, TraceStep
from askwhy.errors import AskwhyError, UnclearQuestionError, UnknownVariableError

if TYPE_CHECKING:
    from askwhy.session import Planner, Session

DEFAULT_THRESHOLD = 0.75

# (question, columns) -> (confidence in [0, 1], reason)
Judge = Callable[[str, list[str]], tuple[float, str]]


def rule_confidence(question: str, columns: list[str]) -> tuple[float, str]:
    """How confident the rule parser is about the question, and why."""
    from askwhy.planning.rules.parse import parse_question

    try:
        parsed = parse_question(question, columns)
    except (UnclearQuestionError, UnknownVariableError) as err:
        return 0.0, f"the rule parser could not read it ({err})"
    return float(parsed.confidence), f"the rule parser read it as a {parsed.type} question"


class AutoPlanner:
    """Rules first (offline, fast); the LLM when the rules are unsure or fail to read it."""

    name = "auto"

    def __init__(
        self,
        llm: Planner | None,
        rules: Planner | None = None,
        threshold: float = DEFAULT_THRESHOLD,
        judge: Judge = rule_confidence,
    ):
        if rules is None:
            from askwhy.planning.rules.planner import RulePlanner

            rules = RulePlanner()
        self.rules = rules
        self.llm = llm
        self.threshold = threshold
        self.judge = judge

    def answer(self, question: str, session: Session) -> Answer:
        confidence, reason = self.judge(question, session.dataset().columns)
        confident = confidence >= self.threshold
        if confident or self.llm is None:
            try:
                answer = self.rules.answer(question, session)
                why = (
                    f"rule planner answered: confidence {confidence:.2f} >= {self.threshold:.2f}"
                    if confident
                    else f"rule planner answered (no model configured): confidence {confidence:.2f}"
                )
                return _mark(answer, "rules", why, reason, confidence, self.threshold)
            except (UnclearQuestionError, UnknownVariableError) as err:
                if self.llm is None:
                    raise
                reason = f"the rule planner failed ({err})"
        else:
            reason = f"{reason}; confidence {confidence:.2f} < {self.threshold:.2f}"
        answer = self.llm.answer(question, session)
        route = getattr(self.llm, "name", "llm")
        return _mark(
            answer, route, f"{route} planner answered: {reason}", reason, confidence, self.threshold
        )


def _mark(
    answer: Answer, route: str, why: str, reason: str, confidence: float, threshold: float
) -> Answer:
    step = TraceStep(
        tool="auto",
        args={"confidence": round(confidence, 3), "threshold": threshold},
        summary=why[0].upper() + why[1:] + ".",
        result={"planner": route, "reason": reason},
    )
    answer.trace.insert(0, step)
    answer.planner = f"auto:{route}"
    answer.notes.insert(0, step.summary)
    return answer


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
    llm = None
    if fallback == "local" or (fallback is None and local_options["model_path"]):
        from askwhy.planning.local.planner import make_local_planner

        llm = make_local_planner(**local_options)
    elif settings.configured:
        from askwhy.planning.llm.planner import LLMPlanner

        llm = LLMPlanner(settings)
    return AutoPlanner(llm, threshold=threshold if threshold is not None else DEFAULT_THRESHOLD)
