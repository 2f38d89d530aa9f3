"""`askwhy doctor`: what is installed, which planners can work here and why not.

Offline and quick by default: package versions come from their metadata (nothing heavy is
imported, and llama_cpp never is: a build for the wrong CPU would kill this process), the
LLM settings from the same loader the planner uses, the graph memory from a listing of its
folder (nothing is written). `--check-endpoint` sends one bounded request to the LLM
endpoint; `--check-local` runs the local model for one tiny reply in a worker process.
Exit 0 when the default planner works, 1 otherwise.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import os
import platform
import shutil
import sys
import time
from importlib import metadata
from pathlib import Path
from typing import Any

from askwhy.errors import AskwhyError

PACKAGES = (
    "causal-learn",
    "dowhy",
    "econml",
    "pandas",
    "numpy",
    "langchain",
    "langchain-openai",
    "openai",
    "mcp",
    "llama-cpp-python",
)
CHROMIUM = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
CPU_FLAGS = ("sse4_2", "avx", "avx2", "fma", "f16c", "avx512f")
ENDPOINT_SECONDS = 10.0
EXIT_BROKEN = 1


def add_doctor_parser(commands: Any) -> argparse.ArgumentParser:
    doctor = commands.add_parser(
        "doctor", help="check the installation: packages, planners, reports, graph memory"
    )
    doctor.add_argument("--json", action="store_true", help="print the findings as JSON")
    doctor.add_argument(
        "--check-endpoint",
        action="store_true",
        help=f"also ask the LLM endpoint for its models (one request, at most "
        f"{ENDPOINT_SECONDS:g} s)",
    )
    doctor.add_argument(
        "--check-local",
        action="store_true",
        help="also start the local model in a worker process for one tiny reply (joins the "
        "bundled model into the cache first if needed)",
    )
    doctor.add_argument("--model", help="LLM model name (env ASKWHY_MODEL)")
    doctor.add_argument("--base-url", help="OpenAI-compatible endpoint (env OPENAI_BASE_URL)")
    doctor.add_argument("--config", help="LLM settings file (default: $ASKWHY_CONFIG, ...)")
    doctor.add_argument("--model-path", help="GGUF file for the local planner (env ASKWHY_GGUF)")
    doctor.add_argument("--store-dir", help="graph memory directory (default: ASKWHY_HOME)")
    doctor.set_defaults(handler=run_doctor)
    return doctor


def run_doctor(args: argparse.Namespace) -> int:
    report = diagnose(args)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(render(report))
    return 0 if report["ok"] else EXIT_BROKEN


def diagnose(args: argparse.Namespace) -> dict[str, Any]:
    """Every finding, as plain JSON-ready data."""
    from askwhy import __version__

    llm, settings = llm_status(args)
    local = local_planner_status(args)
    default = _default_planner(settings)
    usable = {"rules": True, "llm": llm["usable"], "auto": llm["usable"]}
    default_ok = default is not None and usable[default]
    return {
        "askwhy": __version__,
        "python": f"{platform.python_version()} ({sys.executable})",
        "platform": f"{platform.system()} {platform.machine()}",
        "cpu": cpu_status(),
        "packages": {name: _version(name) for name in PACKAGES},
        "default_planner": default,
        "ok": default_ok,
        "planners": {
            "rules": {"usable": True, "reason": "always available: offline, no model"},
            "llm": llm,
            "local": local,
        },
        "reports": tools_status(),
        "graph_store": store_status(args.store_dir),
    }


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def _default_planner(settings: Any) -> str | None:
    if settings is None:
        return None  # the config cannot be read: every command that plans fails
    from askwhy.planning.llm.config import default_planner_name

    return default_planner_name(settings)


# ---------------------------------------------------------------- planners


def llm_status(args: argparse.Namespace) -> tuple[dict[str, Any], Any]:
    """The LLM planner's settings (never the key itself) and whether it can start."""
    from askwhy.planning.llm.config import default_config_path, load_llm_settings

    path = Path(args.config).expanduser() if args.config else default_config_path()
    status: dict[str, Any] = {"config_file": str(path), "config_file_exists": path.is_file()}
    try:
        settings = load_llm_settings(model=args.model, base_url=args.base_url, config_path=path)
    except AskwhyError as err:
        return {**status, "usable": False, "reason": str(err)}, None
    key = "set" if settings.api_key else "not needed (--base-url)" if settings.base_url else ""
    status.update(model=settings.model, base_url=settings.base_url, api_key=key or "not set")
    usable = False
    if not settings.model:
        reason = (
            "no model configured: pass --model NAME, set ASKWHY_MODEL, or put "
            f'model = "NAME" under [llm] in {path}'
        )
    elif not key:
        reason = "no API key: set OPENAI_API_KEY, or pass --base-url URL of a local server"
    elif importlib.util.find_spec("langchain_openai") is None:
        reason = "langchain-openai is not installed: pip install langchain-openai"
    else:
        usable = True
        reason = f"model {settings.model} at {settings.base_url or 'the OpenAI API'}"
    if usable and args.check_endpoint:
        status["endpoint"] = endpoint_status(settings)
        if not status["endpoint"]["ok"]:
            usable, reason = False, status["endpoint"]["detail"]
    return {**status, "usable": usable, "reason": reason}, settings


def endpoint_status(settings: Any, seconds: float = ENDPOINT_SECONDS) -> dict[str, Any]:
    """One GET /models, held to `seconds` in all (no retries)."""
    import openai

    from askwhy.planning.llm.budget import Deadline
    from askwhy.planning.llm.errors import describe_model_error
    from askwhy.planning.llm.transport import http_client

    started = time.perf_counter()
    deadline = Deadline(at=time.monotonic() + seconds, seconds=seconds)
    client = openai.OpenAI(
        api_key=settings.resolved_api_key(),
        base_url=settings.base_url,
        timeout=seconds,
        max_retries=0,
        http_client=http_client(deadline),
    )
    try:
        models = [m.id for m in client.models.list()]
    except openai.NotFoundError:
        detail = "the endpoint answered but does not list models (HTTP 404)"
        return {"ok": True, "seconds": _since(started), "detail": detail}
    except openai.OpenAIError as err:
        detail = describe_model_error(err, settings.model_copy(update={"max_retries": 0}))
        return {"ok": False, "seconds": _since(started), "detail": detail}
    finally:
        client.close()
    listed = "listed" if settings.model in models else "not listed (the server may still serve it)"
    detail = f"{len(models)} models; {settings.model} {listed}"
    return {"ok": True, "seconds": _since(started), "detail": detail}


def _since(started: float) -> float:
    return round(time.perf_counter() - started, 3)


def local_planner_status(args: argparse.Namespace) -> dict[str, Any]:
    from askwhy.planning.local.status import local_status

    status = local_status(args.model_path)
    if args.check_local:
        status.check = local_check(status, args.model_path)
        if status.usable and not status.check.ok:
            status.usable, status.reason = False, status.check.detail
    return status.model_dump()


def local_check(status: Any, model_path: str | None) -> Any:
    """Run the real model in a worker process for one tiny reply (when it can run at all)."""
    from askwhy.planning.local.status import WorkerCheck, check_worker

    if not status.usable:
        return WorkerCheck(ok=False, seconds=0.0, detail="not run: the planner cannot start")
    try:
        backend = local_backend(model_path)
    except AskwhyError as err:
        return WorkerCheck(ok=False, seconds=0.0, detail=str(err))
    return check_worker(backend)


def local_backend(model_path: str | None) -> Any:
    """The backend --planner local would run (its weights joined and verified)."""
    from askwhy.planning.local.backend import LlamaBackend, LocalSettings, default_threads
    from askwhy.planning.local.weights import resolve_model_path

    return LlamaBackend(resolve_model_path(model_path), LocalSettings(threads=default_threads()))


# ---------------------------------------------------------------- the rest


def cpu_status() -> dict[str, Any]:
    """Core count and, on Linux, the instruction-set flags llama.cpp builds care about."""
    flags: list[str] | None = None
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith(("flags", "Features")):
                present = set(line.partition(":")[2].split())
                flags = [f for f in CPU_FLAGS if f in present]
                break
    except OSError:
        pass
    return {"cores": os.cpu_count(), "flags": flags}


def tools_status() -> dict[str, Any]:
    chromium = next((found for name in CHROMIUM if (found := shutil.which(name))), None)
    return {"graphviz_dot": shutil.which("dot"), "chromium": chromium}


def store_status(store_dir: str | None) -> dict[str, Any]:
    """The graph memory folder: how many graphs, how many bytes, writable or not."""
    from askwhy.memory.index import scan_graph_files
    from askwhy.memory.store import default_store_dir

    folder = Path(store_dir).expanduser() if store_dir else default_store_dir()
    exists = folder.is_dir()
    size = 0
    if exists:
        with contextlib.suppress(OSError):
            size = sum(e.stat().st_size for e in os.scandir(folder) if e.is_file())
    nearest = folder
    while not nearest.exists() and nearest != nearest.parent:
        nearest = nearest.parent  # where the folder would be created
    return {
        "path": str(folder),
        "exists": exists,
        "graphs": len(scan_graph_files(folder)) if exists else 0,
        "bytes": size,
        "writable": nearest.is_dir() and os.access(nearest, os.W_OK | os.X_OK),
    }


# ---------------------------------------------------------------- text


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _outcome(ok: bool, detail: str, reason: str, failed: str = "FAILED") -> str:
    """ "ok: detail", or the failure and its detail (unless the reason above says it already)."""
    if ok:
        return f"ok: {detail}"
    return failed if detail == reason else f"{failed}: {detail}"


def _planner_details(name: str, status: dict[str, Any]) -> list[str]:
    reason = status["reason"]
    if name == "llm" and "model" in status:
        exists = "" if status["config_file_exists"] else " (not present)"
        details = [
            f"model: {status['model'] or '-'}, base URL: {status['base_url'] or '-'}, "
            f"API key: {status['api_key']}",
            f"config file: {status['config_file']}{exists}",
        ]
        if endpoint := status.get("endpoint"):
            outcome = _outcome(endpoint["ok"], endpoint["detail"], reason)
            details.append(f"endpoint ({endpoint['seconds']:.1f} s): {outcome}")
        return details
    if name == "local":
        weights, check = status["weights"], status["check"]
        outcome = _outcome(weights["ok"], weights["detail"], reason, failed="no")
        details = [f"weights ({weights['source']}): {outcome}"]
        if check:
            details.append(f"worker check: {_outcome(check['ok'], check['detail'], reason)}")
        else:
            details.append("worker check: not run (--check-local starts the model once)")
        return details
    return []


def render(report: dict[str, Any]) -> str:
    cpu = report["cpu"]
    flags = " ".join(cpu["flags"]) if cpu["flags"] is not None else "flags unknown"
    lines = [
        f"askwhy {report['askwhy']}",
        f"python    {report['python']}",
        f"platform  {report['platform']}, {cpu['cores']} cores; {flags}",
        "",
        "packages",
    ]
    for name, version in report["packages"].items():
        shown = version or ("not installed (optional: [local])" if "llama" in name else "MISSING")
        lines.append(f"  {name:<18}{shown}")
    default = report["default_planner"] or "unknown (the LLM settings cannot be read)"
    verdict = "works" if report["ok"] else "DOES NOT WORK"
    lines += ["", f"planners (default: {default}, {verdict})"]
    for name, status in report["planners"].items():
        lines.append(f"  {name:<7}{'usable' if status['usable'] else 'no':<8}{status['reason']}")
        lines += [f"{'':<17}{detail}" for detail in _planner_details(name, status)]
    tools, store = report["reports"], report["graph_store"]
    lines += [
        "",
        "reports",
        f"  graphviz dot  {tools['graphviz_dot'] or 'not found (the built-in layout is used)'}",
        f"  chromium      {tools['chromium'] or 'not found (optional)'}",
        "",
        f"graph memory  {store['path']}",
        f"  exists: {_yes(store['exists'])}, graphs: {store['graphs']}, "
        f"size: {store['bytes'] / 1024:.1f} KiB, writable: {_yes(store['writable'])}",
    ]
    return "\n".join(lines)
