"""The local planner with a scripted backend, the GGUF weights handling, and (when the `local`
extra is installed) one question answered by the real bundled model."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from askwhy.core.settings import SETTING_NAMES
from askwhy.planning.local import planner as local
from askwhy.planning.local import weights
from askwhy.planning.local.grammar import schema_problems
from askwhy.planning.local.planner import Completion, LocalModelError, LocalPlanner
from askwhy.planning.local.weights import WeightsError
from askwhy.session import Session

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CONFOUNDER = "Is there a confounder between yellow fingers and lung cancer?"
CHOSEN = ("algorithm", "test", "alpha")  # the settings these questions and sessions choose


class ScriptedBackend:
    """Replies with queued tool calls in order; records what it was sent."""

    name = "scripted"

    def __init__(self, *replies: dict[str, Any] | str):
        self.replies = [r if isinstance(r, str) else json.dumps(r) for r in replies]
        self.sent: list[tuple[list[dict[str, str]], dict[str, Any]]] = []

    def complete(self, messages, schema, max_tokens) -> Completion:
        self.sent.append((list(messages), schema))
        return Completion(text=self.replies.pop(0), prompt_tokens=40, completion_tokens=12)


def step(tool: str, **args: Any) -> dict[str, Any]:
    return {"tool": tool, "args": args}


def session_with(tmp_path: Path, backend: ScriptedBackend, **settings: Any) -> Session:
    session = Session(
        planner=LocalPlanner(backend), store_dir=tmp_path / "graphs", settings=settings
    )
    session.load(EXAMPLES / "smoking.csv")
    return session


def tool_steps(answer) -> list[tuple[str, dict[str, Any]]]:
    """The successful tool calls, without the analysis settings the planner filled in."""
    settings = set(SETTING_NAMES)
    return [
        (s.tool, {k: v for k, v in s.args.items() if k not in settings})
        for s in answer.trace
        if not s.error
    ]


# ---------------------------------------------------------------- planner


def test_the_answer_comes_from_the_tool_the_model_chose(tmp_path):
    backend = ScriptedBackend(step("common_cause", x="yellow_fingers", y="lung_cancer"))
    answer = session_with(tmp_path, backend).ask(CONFOUNDER)
    assert (answer.kind, answer.answer, answer.planner) == ("yes_no", "yes", "local")
    assert tool_steps(answer) == [("common_cause", {"x": "yellow_fingers", "y": "lung_cancer"})]
    # The trace holds the tool call only; the model call is a planner step.
    assert [s.tool for s in answer.trace] == ["common_cause"]
    call, total = answer.planner_steps
    assert call.planner == total.planner == "local"
    assert "chose common_cause" in call.summary
    assert total.details["calls"] == 1 and total.details["total_tokens"] == 52
    assert any(note.startswith("The local model chose: common_cause") for note in answer.notes)


def test_the_schema_sent_limits_variables_to_the_mentioned_columns(tmp_path):
    backend = ScriptedBackend(step("common_cause", x="yellow_fingers", y="lung_cancer"))
    session_with(tmp_path, backend).ask(CONFOUNDER)
    messages, schema = backend.sent[0]
    common = next(o for o in schema["anyOf"] if o["properties"]["tool"]["const"] == "common_cause")
    assert common["properties"]["args"]["properties"]["x"]["enum"] == [
        "yellow_fingers",
        "lung_cancer",
    ]
    assert messages[0]["role"] == "system" and "common_cause" in messages[0]["content"]
    assert CONFOUNDER in messages[1]["content"] and "lung_cancer" in messages[1]["content"]


def test_conditioning_on_an_unmentioned_variable_is_rejected_and_retried(tmp_path):
    backend = ScriptedBackend(
        step("test_independence", x="tar", y="lung_cancer", given=["smoking", "age"]),
        step("test_independence", x="tar", y="lung_cancer", given=["smoking"]),
    )
    answer = session_with(tmp_path, backend).ask(
        "Are tar and lung cancer independent given smoking?"
    )
    assert "'age' is not one of" in backend.sent[1][0][-1]["content"]
    assert tool_steps(answer) == [
        ("test_independence", {"x": "tar", "y": "lung_cancer", "given": ["smoking"]})
    ]


def test_the_compared_variables_are_dropped_from_the_conditioning_set(tmp_path):
    backend = ScriptedBackend(
        step("test_independence", x="tar", y="lung_cancer", given=["smoking", "tar", "smoking"])
    )
    answer = session_with(tmp_path, backend).ask(
        "Are tar and lung cancer independent given smoking?"
    )
    assert tool_steps(answer) == [
        ("test_independence", {"x": "tar", "y": "lung_cancer", "given": ["smoking"]})
    ]
    assert any("Dropped given tar" in note for note in answer.notes)


def test_a_rejected_call_is_retried_with_the_error(tmp_path):
    backend = ScriptedBackend(
        step("direct_cause", x="cancer", y="tar"),
        step("direct_cause", x="tar", y="lung_cancer"),
    )
    answer = session_with(tmp_path, backend).ask("Does tar directly cause lung cancer?")
    assert answer.answer == "yes"
    retry = backend.sent[1][0]
    assert retry[-1]["role"] == "user" and "'cancer' is not one of" in retry[-1]["content"]
    assert "A rejected model call was retried." in answer.notes
    assert "rejected" in answer.planner_steps[0].summary
    assert answer.planner_steps[-1].details["malformed_retries"] == 1


def test_two_rejected_calls_raise_a_clear_error(tmp_path):
    backend = ScriptedBackend("not json", step("direct_cause", x="tar"))
    session = session_with(tmp_path, backend)
    with pytest.raises(LocalModelError, match="did not produce a usable tool call"):
        session.ask("Does tar directly cause lung cancer?")


def test_settings_come_from_the_question_then_the_session(tmp_path):
    backend = ScriptedBackend(
        step("direct_cause", x="tar", y="lung_cancer"),
        step("direct_cause", x="tar", y="lung_cancer"),
    )
    session = session_with(tmp_path, backend, alpha=0.01)
    first = session.ask("Using GES, does tar directly cause lung cancer?")
    session.ask("Does tar directly cause lung cancer?")
    runs = [s for a in session.history for s in a.trace if s.tool == "direct_cause"]
    pair = {"x": "tar", "y": "lung_cancer"}
    chosen = [{k: v for k, v in run.args.items() if k in {*pair, *CHOSEN}} for run in runs]
    assert chosen[0] == {**pair, "algorithm": "ges", "test": "auto", "alpha": 0.01}
    assert chosen[1] == {**pair, "algorithm": "auto", "test": "auto", "alpha": 0.01}
    assert set(runs[0].args) <= {*pair, *SETTING_NAMES}  # the rest are the tool's settings
    assert "Settings from the question: algorithm=ges." in first.notes
    # Settings are never the model's to write: a reply carrying one is rejected.
    schema = backend.sent[0][1]
    assert any(
        "'alpha' is not allowed" in p
        for p in schema_problems(step("direct_cause", x="tar", y="lung_cancer", alpha=0.5), schema)
    )


def test_without_llama_cpp_the_planner_says_how_to_install_it(monkeypatch):
    monkeypatch.setattr(local, "llama_installed", lambda: False)
    monkeypatch.setenv("ASKWHY_GGUF", __file__)
    with pytest.raises(LocalModelError, match=r"askwhy\[local\]"):
        LocalPlanner()


# ---------------------------------------------------------------- weights


def chunks(tmp_path: Path, *contents: bytes) -> list[Path]:
    paths = []
    for i, data in enumerate(contents, start=1):
        path = tmp_path / "chunks" / f"part{i:02d}.bin"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
        paths.append(path)
    return paths


def test_chunks_are_joined_in_order_verified_and_not_rehashed(tmp_path, monkeypatch):
    import hashlib

    parts = chunks(tmp_path, b"GGUF-first-", b"second-", b"third")
    expected = hashlib.sha256(b"GGUF-first-second-third").hexdigest()
    env = {"ASKWHY_CACHE": str(tmp_path / "cache")}
    model = weights.bundled_model(env, chunks=parts, expected_sha256=expected)
    assert model.read_bytes() == b"GGUF-first-second-third"
    assert model.parent == tmp_path / "cache" / "models"
    assert not [p for p in model.parent.iterdir() if p.suffix == ".part"]  # no temp files left

    def no_hashing(path):
        raise AssertionError("an unchanged, verified file was hashed again")

    monkeypatch.setattr(weights, "sha256_of", no_hashing)
    assert weights.bundled_model(env, chunks=[], expected_sha256=expected) == model


def test_a_changed_cache_file_is_rebuilt_from_the_chunks(tmp_path):
    import hashlib

    parts = chunks(tmp_path, b"GGUF", b"-model")
    expected = hashlib.sha256(b"GGUF-model").hexdigest()
    env = {"ASKWHY_CACHE": str(tmp_path / "cache")}
    model = weights.bundled_model(env, chunks=parts, expected_sha256=expected)
    model.write_bytes(b"GGUF-damaged")
    assert weights.bundled_model(env, chunks=parts, expected_sha256=expected).read_bytes() == (
        b"GGUF-model"
    )


def test_a_sha256_mismatch_is_refused_and_nothing_is_kept(tmp_path):
    parts = chunks(tmp_path, b"GGUF", b"-wrong")
    env = {"ASKWHY_CACHE": str(tmp_path / "cache")}
    with pytest.raises(WeightsError, match="refusing to load it"):
        weights.bundled_model(env, chunks=parts, expected_sha256="0" * 64)
    assert list((tmp_path / "cache" / "models").iterdir()) == []


def test_a_missing_chunk_package_names_the_extra():
    with pytest.raises(WeightsError, match=r"askwhy\[local\].*--model-path"):
        weights.chunk_files(("askwhy-no-such-chunk-package",))


def test_model_path_and_env_override_the_bundled_model(tmp_path):
    mine = tmp_path / "mine.gguf"
    mine.write_bytes(b"GGUF\x03\x00rest")
    other = tmp_path / "other.gguf"
    other.write_bytes(b"GGUF\x03\x00")
    env = {"ASKWHY_GGUF": str(other)}
    assert weights.resolve_model_path(mine, env=env) == mine
    assert weights.resolve_model_path(None, env=env) == other


def test_a_file_that_is_not_gguf_is_refused(tmp_path):
    text = tmp_path / "notes.gguf"
    text.write_text("hello")
    with pytest.raises(WeightsError, match="not a GGUF model file"):
        weights.resolve_model_path(text, env={})
    with pytest.raises(WeightsError, match="does not exist"):
        weights.resolve_model_path(tmp_path / "missing.gguf", env={})


# ---------------------------------------------------------------- the real model


def real_model() -> Path | None:
    """The bundled model when the `local` extra is installed (joined into the user cache)."""
    if not local.llama_installed():
        return None
    try:
        return weights.resolve_model_path()
    except WeightsError:
        return None


@pytest.mark.slow
def test_the_bundled_model_answers_a_confounder_question(tmp_path):
    path = real_model()
    if path is None:
        pytest.skip('needs the local extra: pip install -e ".[local]"')
    model = local.LlamaBackend(path, local.LocalSettings(threads=2))
    planner = LocalPlanner(local.WorkerBackend(model))  # as --planner local runs it
    session = Session(planner=planner, store_dir=tmp_path / "graphs")
    session.load(EXAMPLES / "smoking.csv")
    answer = session.ask(CONFOUNDER)
    planner.close()
    assert tool_steps(answer) == [("common_cause", {"x": "yellow_fingers", "y": "lung_cancer"})]
    assert (answer.answer, answer.planner) == ("yes", "local")
