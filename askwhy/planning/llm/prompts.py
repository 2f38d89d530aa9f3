"""The model planners' prompts: text files shipped in askwhy/prompts/, and the question message
(the dataset, the graphs in memory, the session's settings, earlier turns, the question)."""

from __future__ import annotations

from importlib import resources
from string import Template

from askwhy.planning.base import PlannerContext

PROMPT_FILES = ("system.md", "tool_guidance.md", "examples.md")
QUESTION_PROMPT = "question.md"
HISTORY_TURNS = 5
MAX_GRAPHS_LISTED = 20


def load_prompt(name: str) -> str:
    """A prompt file shipped in askwhy/prompts/."""
    return resources.files("askwhy").joinpath("prompts", name).read_text(encoding="utf-8")


def system_prompt() -> str:
    """System prompt + tool guidance + worked examples."""
    return "\n\n".join(load_prompt(name).strip() for name in PROMPT_FILES)


def question_message(question: str, context: PlannerContext) -> str:
    """The user message: dataset context, graphs in memory, earlier turns, the question."""
    dataset = context.dataset()
    columns = "\n".join(
        f"- {p.name}: {p.kind}" + (f" (categories: {p.categories})" if p.categories else "")
        for p in dataset.profiles.values()
    )
    graphs = context.graph_names()[-MAX_GRAPHS_LISTED:]
    chosen = context.settings.changed()
    defaults = ", ".join(f"{k}={v}" for k, v in chosen.items()) or "none"
    return Template(load_prompt(QUESTION_PROMPT)).substitute(
        dataset=dataset.name,
        rows=len(dataset.frame),
        columns=columns,
        graphs=", ".join(graphs) or "none yet",
        defaults=defaults,
        history=history_text(context),
        question=question.strip(),
    )


def history_text(context: PlannerContext) -> str:
    """The last few questions and answers of the conversation, or "" before the first."""
    if not context.history:
        return ""
    lines = [
        f"- Q: {a.question} -> A: {a.answer}"
        + (f" (graph '{a.graph.name}')" if a.graph and a.graph.name else "")
        for a in context.history[-HISTORY_TURNS:]
    ]
    return "Earlier in this conversation:\n" + "\n".join(lines) + "\n"
