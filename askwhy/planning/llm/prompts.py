"""The model planners' prompts: text files shipped in askwhy/prompts/, and the question message
(the dataset, the graphs in memory, the session's settings, earlier turns, the question)."""

from __future__ import annotations

from importlib import resources
from string import Template

from askwhy.core.data import ColumnProfile
from askwhy.core.dictionary import ColumnEntry
from askwhy.planning.base import PlannerContext

PROMPT_FILES = ("system.md", "tool_guidance.md", "examples.md")
QUESTION_PROMPT = "question.md"
HISTORY_TURNS = 5
MAX_GRAPHS_LISTED = 20
MAX_DESCRIPTION = 120  # characters of a column description shown to the model


def load_prompt(name: str) -> str:
    """A prompt file shipped in askwhy/prompts/."""
    return resources.files("askwhy").joinpath("prompts", name).read_text(encoding="utf-8")


def system_prompt() -> str:
    """System prompt + tool guidance + worked examples."""
    return "\n\n".join(load_prompt(name).strip() for name in PROMPT_FILES)


def question_message(question: str, context: PlannerContext) -> str:
    """The user message: dataset context, graphs in memory, earlier turns, the question."""
    dataset = context.dataset()
    entries = dataset.dictionary.columns if dataset.dictionary else {}
    columns = "\n".join(column_line(p, entries.get(p.name)) for p in dataset.profiles.values())
    graphs = context.graph_names()[-MAX_GRAPHS_LISTED:]
    chosen = context.settings.changed()
    defaults = ", ".join(f"{k}={v}" for k, v in chosen.items()) or "none"
    return Template(load_prompt(QUESTION_PROMPT)).substitute(
        dataset=dataset.name,
        rows=dataset.n_rows,
        columns=columns,
        graphs=", ".join(graphs) or "none yet",
        defaults=defaults,
        history=history_text(context),
        question=question.strip(),
    )


def column_line(profile: ColumnProfile, entry: ColumnEntry | None = None) -> str:
    """One column for the question message: name, kind, categories, and what the data
    dictionary says (declared type when it differs, description, aliases, roles)."""
    line = f"- {profile.name}: {profile.kind}"
    if profile.categories:
        line += f" (categories: {profile.categories})"
    if entry is None:
        return line
    extras = []
    if entry.type and entry.type != profile.kind:
        extras.append(f"declared {entry.type}")
    if entry.description:
        text = " ".join(entry.description.split())
        cut = text if len(text) <= MAX_DESCRIPTION else text[: MAX_DESCRIPTION - 3] + "..."
        extras.append(f'"{cut}"')
    if entry.aliases:
        extras.append("aliases: " + ", ".join(entry.aliases))
    if entry.role:
        extras.append("role: " + ", ".join(entry.role))
    return line + (" - " + "; ".join(extras) if extras else "")


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
