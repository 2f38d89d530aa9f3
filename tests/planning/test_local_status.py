"""What `askwhy doctor` learns about the local planner: the extra, the weights (checked, never
written) and one tiny reply of the model in its worker process."""

from __future__ import annotations

import hashlib
import signal
from pathlib import Path

from askwhy.planning.local import status, weights
from askwhy.testing.local_backend import CrashingBackend, HangingBackend, ScriptedBackend


def chunks(tmp_path: Path, *contents: bytes) -> list[Path]:
    paths = []
    for i, data in enumerate(contents, start=1):
        path = tmp_path / "chunks" / f"part{i:02d}.bin"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
        paths.append(path)
    return paths


def bundled(tmp_path: Path, monkeypatch, *contents: bytes, expected: bytes | None = None):
    parts = chunks(tmp_path, *contents)
    monkeypatch.setattr(weights, "chunk_files", lambda: parts)
    digest = hashlib.sha256(expected if expected is not None else b"".join(contents))
    monkeypatch.setattr(weights, "MODEL_SHA256", digest.hexdigest())
    return {"ASKWHY_CACHE": str(tmp_path / "cache")}


def test_installed_chunks_are_hashed_as_a_stream_and_nothing_is_written(tmp_path, monkeypatch):
    env = bundled(tmp_path, monkeypatch, b"GGUF-a", b"-b")
    found = status.weights_status(env=env)
    assert (found.source, found.ok) == ("bundled", True)
    assert "2 chunks installed, sha256 matches" in found.detail
    assert not (tmp_path / "cache").exists()


def test_chunks_that_do_not_match_are_reported(tmp_path, monkeypatch):
    env = bundled(tmp_path, monkeypatch, b"GGUF-a", b"-b", expected=b"something else")
    found = status.weights_status(env=env)
    assert not found.ok and "reinstall" in found.detail


def test_a_joined_model_is_checked_by_its_record(tmp_path, monkeypatch):
    env = bundled(tmp_path, monkeypatch, b"GGUF-a", b"-b")
    model = weights.bundled_model(env, expected_sha256=weights.MODEL_SHA256)
    monkeypatch.setattr(weights, "sha256_of", lambda path: "not hashed again")
    found = status.weights_status(env=env)
    assert (found.ok, found.path, found.detail) == (True, str(model), "joined, sha256 matches")


def test_missing_chunk_packages_say_how_to_install(tmp_path, monkeypatch):
    real = weights.chunk_files

    def missing():
        return real(("askwhy-no-such-chunk-package",))

    monkeypatch.setattr(weights, "chunk_files", missing)
    found = status.weights_status(env={"ASKWHY_CACHE": str(tmp_path)})
    assert not found.ok and "askwhy[local]" in found.detail


def test_a_chosen_gguf_file_is_checked_for_its_magic(tmp_path):
    good = tmp_path / "good.gguf"
    good.write_bytes(b"GGUF" + bytes(10))
    bad = tmp_path / "bad.gguf"
    bad.write_text("hello")
    assert status.weights_status(good, env={}).ok
    assert status.weights_status(None, env={"ASKWHY_GGUF": str(good)}).source == "$ASKWHY_GGUF"
    found = status.weights_status(bad, env={})
    assert (found.source, found.ok) == ("--model-path", False)
    assert "not a GGUF model file" in found.detail


def test_without_llama_cpp_the_local_planner_is_not_usable(tmp_path, monkeypatch):
    good = tmp_path / "good.gguf"
    good.write_bytes(b"GGUF" + bytes(10))
    monkeypatch.setattr(status, "llama_installed", lambda: False)
    found = status.local_status(good, env={})
    assert not found.usable and found.weights.ok
    assert "askwhy[local]" in found.reason and found.llama_cpp_python is None


def test_the_worker_check_gets_one_reply():
    found = status.check_worker(ScriptedBackend('{"ok": true}'))
    assert found.ok and '{"ok": true}' in found.detail


def test_the_worker_check_reports_a_crash_with_its_advice():
    found = status.check_worker(CrashingBackend(signal.SIGILL))
    assert not found.ok and "SIGILL" in found.detail and "GGML_NATIVE=OFF" in found.detail


def test_the_worker_check_is_bounded():
    found = status.check_worker(HangingBackend(), timeout=0.5)
    assert not found.ok and "no reply within 0.5 s" in found.detail
