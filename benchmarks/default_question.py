"""The default question on a 10-column, 2,000-row linear-Gaussian table, timed cold.

Target: each question under 5 s with default settings, test choice included (the data's
profile must not slow the common case, where Fisher-z is chosen). Every question is asked
in a fresh Session with an empty graph memory, so each discovery question runs PC itself;
imports are timed apart. Also prints the test and algorithm chosen, and the same questions
on nonlinear data (where RCoT is chosen) for comparison.

    python benchmarks/default_question.py [--rows 2000] [--columns 10] [--seed 0]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

QUESTIONS = [
    "Are {a} and {b} independent?",
    "Are {a} and {b} independent given {c}?",
    "Does {a} directly cause {b}?",
    "Is there a confounder of {a} and {b}?",
    "Draw the causal graph.",
]
TARGET_SECONDS = 5.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--columns", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    started = time.perf_counter()
    from askwhy import Session
    from askwhy.evals.synthetic import named_dag, simulate
    from askwhy.memory.store import GraphStore

    print(f"imports: {time.perf_counter() - started:.2f} s")
    folder = Path(tempfile.mkdtemp())
    dag = named_dag("medicine", args.columns, rng=args.seed, expected_degree=2.0)
    a, b, c = list(dag.nodes)[:3]
    worst = 0.0
    for mechanism in ("linear", "nonlinear"):
        path = folder / f"{mechanism}.csv"
        simulate(dag, args.rows, mechanism, seed=args.seed).to_csv(path, index=False)
        print(f"\n{mechanism}: {args.columns} columns x {args.rows:,} rows")
        for template in QUESTIONS:
            question = template.format(a=a, b=b, c=c)
            began = time.perf_counter()
            session = Session(store=GraphStore(None))
            session.load(path)
            answer = session.ask(question)
            seconds = time.perf_counter() - began
            if mechanism == "linear":
                worst = max(worst, seconds)
            methods = _methods(answer)
            print(f"  {seconds:5.2f} s  {answer.answer:<10.10}  {methods:<16}  {question}")
    verdict = "within" if worst < TARGET_SECONDS else "OVER"
    print(f"\nslowest linear question: {worst:.2f} s ({verdict} the {TARGET_SECONDS:g} s target)")


def _methods(answer) -> str:
    """The methods the answer's evidence names, with the test when there is one."""
    parts = []
    for evidence in answer.evidence:
        test = (evidence.parameters or {}).get("test")
        parts.append(f"{evidence.method}/{test}" if test else evidence.method)
    return ", ".join(parts)


if __name__ == "__main__":
    main()
