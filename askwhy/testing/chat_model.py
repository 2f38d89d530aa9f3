"""A scripted LangChain chat model: replies with queued AIMessages, records every request.

    model = ScriptedChatModel.of(
        tool_call("direct_cause", x="tar", y="lung_cancer"),
        "Tar directly causes lung cancer.",           # a str is a plain-text reply
    )
    planner = LLMPlanner(LLMSettings(), chat_model=model)   # or create_agent(model, tools)
    ...
    model.requests[0].messages     # what the model was sent, in order
    model.requests[0].tools        # the tool names bound with bind_tools

Works with `create_agent` (bind_tools is supported and recorded). When the script runs
out, the model raises ScriptExhausted saying how many replies it had. `pause` makes every
reply take that many seconds (a slow model, for deadline tests).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Sequence
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import BaseModel, ConfigDict, Field

from askwhy.testing.script import ScriptExhausted

USAGE = {"input_tokens": 50, "output_tokens": 5, "total_tokens": 55}


class ModelRequest(BaseModel):
    """One request the scripted model got: the messages and the tools bound at the time."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    messages: list[BaseMessage]
    tools: list[str] = Field(default_factory=list)


def tool_call(
    tool: str, /, *, call_id: str | None = None, usage: dict[str, int] | None = USAGE, **args: Any
) -> AIMessage:
    """A reply calling one tool with `args` (any name, `name` included)."""
    return tool_calls((tool, args), call_id=call_id, usage=usage)


def tool_calls(
    *calls: tuple[str, dict[str, Any]],
    call_id: str | None = None,
    usage: dict[str, int] | None = USAGE,
) -> AIMessage:
    """A reply calling several tools at once: tool_calls(("describe_data", {}), ...)."""
    ids = [_new_id("call") for _ in calls]
    if call_id:
        ids = [call_id] if len(calls) == 1 else [f"{call_id}_{i}" for i in range(len(calls))]
    specs = [
        {"name": name, "args": dict(args), "id": id_}
        for (name, args), id_ in zip(calls, ids, strict=True)
    ]
    return AIMessage(content="", tool_calls=specs, usage_metadata=usage)


def text(content: str, usage: dict[str, int] | None = USAGE) -> AIMessage:
    """A plain-text reply (the model's closing words)."""
    return AIMessage(content=content, usage_metadata=usage)


def malformed(name: str, raw_args: str = "{x:") -> AIMessage:
    """A reply whose tool call arguments are not valid JSON."""
    return AIMessage(
        content="",
        invalid_tool_calls=[
            {"name": name, "args": raw_args, "id": _new_id("bad"), "error": "bad JSON"}
        ],
    )


class ScriptedChatModel(BaseChatModel):
    """Replies with `script` in order; `requests` records what each call was sent."""

    script: list[AIMessage] = Field(default_factory=list)
    requests: list[ModelRequest] = Field(default_factory=list)
    bound_tools: list[str] = Field(default_factory=list)
    model_name: str = "scripted-model"
    pause: float = 0.0  # seconds each reply takes

    @classmethod
    def of(cls, *replies: AIMessage | str, **options: Any) -> ScriptedChatModel:
        """A model replying with `replies`; a str becomes a plain-text reply."""
        script = [text(r) if isinstance(r, str) else r for r in replies]
        return cls(script=script, **options)

    @property
    def _llm_type(self) -> str:
        return "askwhy-scripted"

    @property
    def replies_left(self) -> int:
        return len(self.script)

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> ScriptedChatModel:
        """Record the tool names; the same model (and script) answers the bound calls."""
        self.bound_tools = [_tool_name(t) for t in tools]
        return self

    def _generate(
        self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kw: Any
    ) -> ChatResult:
        self.requests.append(ModelRequest(messages=list(messages), tools=list(self.bound_tools)))
        if not self.script:
            raise ScriptExhausted(
                f"The scripted model got request {len(self.requests)} but its script had only "
                f"{len(self.requests) - 1} replies."
            )
        reply = self.script.pop(0)
        if self.pause:
            time.sleep(self.pause)
        return ChatResult(generations=[ChatGeneration(message=reply)])


def _new_id(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:12]}"


def _tool_name(spec: Any) -> str:
    if isinstance(spec, dict):
        return str(spec.get("name") or spec.get("function", {}).get("name", ""))
    return str(getattr(spec, "name", getattr(spec, "__name__", spec)))


__all__ = [
    "ModelRequest",
    "ScriptExhausted",
    "ScriptedChatModel",
    "malformed",
    "text",
    "tool_call",
    "tool_calls",
]
