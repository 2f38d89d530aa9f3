"""The program of the local model's worker process (started by planning.local.worker).

It speaks JSON lines: over stdin it gets one start message and then requests, over its
original stdout it writes replies. Everything else that writes to stdout here, Python or the C
code of llama.cpp, is sent to stderr instead, so it can never corrupt a reply.

    -> {"kind": "start", "path": [...sys.path...], "backend": "<base64 pickle>"}
    <- {"kind": "ready", "id": 0}                      (or "error" with id 0, then exit)
    -> {"kind": "complete", "id": 1, "messages": [...], "schema": {...}, "max_tokens": 192}
    <- {"kind": "ok", "id": 1, "payload": {"text": ..., "prompt_tokens": ..., ...}}
    <- {"kind": "error", "id": 1, "payload": "what went wrong"}
    -> {"kind": "stop"}                                (or stdin closes: the worker exits)

The backend arrives pickled because it is askwhy's own object sent to askwhy's own child
(the LlamaBackend with its model path and settings, or a test double).
"""

from __future__ import annotations

import base64
import contextlib
import io
import json
import os
import pickle
import signal
import sys
from typing import IO, Any

READY_ID = 0
_serving = [False]  # set by main(): this process is a worker (see in_worker)


def in_worker() -> bool:
    """True inside a worker process started by planning.local.worker."""
    return _serving[0]


def _write(replies: IO[str], kind: str, request_id: int, payload: Any = None) -> None:
    replies.write(json.dumps({"kind": kind, "id": request_id, "payload": payload}) + "\n")
    replies.flush()


def serve(requests: IO[str], replies: IO[str], backend: Any) -> None:
    """Answer "complete" requests until "stop" or the end of stdin."""
    from askwhy.errors import AskwhyError

    for line in requests:
        request = json.loads(line)
        if request.get("kind") != "complete":
            return
        request_id = int(request["id"])
        try:
            completion = backend.complete(
                request["messages"], request["schema"], int(request["max_tokens"])
            )
        except AskwhyError as err:
            _write(replies, "error", request_id, str(err))
        except Exception as err:  # a Python error in the backend: say it, stay up
            _write(
                replies, "error", request_id, f"the local model failed: {type(err).__name__}: {err}"
            )
        else:
            _write(replies, "ok", request_id, completion.model_dump())


def main() -> None:
    _serving[0] = True
    with contextlib.suppress(ValueError, OSError, AttributeError):
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    requests = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8")
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    sys.stdout.flush()
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # other output goes to stderr
    try:
        start = json.loads(requests.readline() or "{}")
        path = list(start.get("path", []))
        sys.path[:] = path + [p for p in sys.path if p not in path]  # the parent's imports
        backend = pickle.loads(base64.b64decode(start["backend"]))
    except Exception as err:
        message = f"The local model process could not start: {type(err).__name__}: {err}."
        _write(replies, "error", READY_ID, message)
        raise SystemExit(1) from None
    _write(replies, "ready", READY_ID)
    serve(requests, replies, backend)


if __name__ == "__main__":
    main()
