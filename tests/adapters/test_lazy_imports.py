"""The rule planner path never imports langchain, openai or mcp; the adapters stand on the
tool layer, not on a planner."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

SCRIPT = f"""
import sys
import askwhy.planning.auto, askwhy.planning.llm.config, askwhy.planning.llm.planner
import askwhy.adapters.mcp_server, askwhy.adapters.openai_schema
import askwhy.adapters.langchain_tools
import askwhy.cli.main
from askwhy import Session
s = Session(persist=False)
s.load({str(EXAMPLES / "smoking.csv")!r})
s.call("test_independence", x="smoking", y="tar")
heavy = sorted(m for m in ("langchain", "langchain_core", "langgraph", "openai", "mcp")
               if m in sys.modules)
print(",".join(heavy))
"""

ADAPTERS_ONLY = """
import sys
import askwhy.adapters.mcp_server, askwhy.adapters.openai_schema
import askwhy.adapters.langchain_tools, askwhy.adapters.session_tools
print(",".join(sorted(m for m in sys.modules if m.startswith(("askwhy.planning.llm",
                                                               "askwhy.planning.local")))))
"""


def _run(script: str) -> str:
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    return out.stdout.strip()


def test_rule_path_does_not_import_llm_or_mcp_libraries():
    assert _run(SCRIPT) == ""


def test_adapters_do_not_import_the_model_planners():
    assert _run(ADAPTERS_ONLY) == ""
