"""200 mixed variable-, edge- and graph-level questions over 20 CSVs in one process.

Target (issue 2): at most 10 s in total; a graph discovered once per CSV and settings is
reused, not recomputed.

    python benchmarks/many_questions.py [--csvs 20] [--questions 200] [--seed 0]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np

TEMPLATES = [
    "Are {a} and {b} independent?",
    "Are {a} and {b} independent given {c}?",
    "Does {a} directly cause {b}?",
    "Is there a common effect of {a} and {b}?",
    "Is there a confounder of {a} and {b}?",
    "Draw the causal graph.",
    "What are the causes of {a}?",
    "What does {a} directly affect?",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csvs", type=int, default=20)
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    started_imports = time.perf_counter()
    from askwhy import Session
    from askwhy.evals.synthetic import named_dag, simulate
    from askwhy.memory.store import GraphStore

    import_seconds = time.perf_counter() - started_imports

    rng = np.random.default_rng(args.seed)
    folder = Path(tempfile.mkdtemp())
    domains = ["medicine", "marketing", "economics", "education"]
    paths = []
    for i in range(args.csvs):
        n_nodes = int(rng.integers(3, 11))
        dag = named_dag(domains[i % 4], n_nodes, rng=int(rng.integers(1 << 30)))
        mechanism = "discrete" if i % 5 == 4 else "linear"
        frame = simulate(dag, 1000, mechanism, seed=int(rng.integers(1 << 30)))
        path = folder / f"set{i:02d}.csv"
        frame.to_csv(path, index=False)
        paths.append(path)

    store = GraphStore(None)  # shared, in-memory: graphs are reused across questions
    kinds = Counter()
    started = time.perf_counter()
    per_question = []
    for q in range(args.questions):
        path = paths[q % len(paths)]
        session = Session(store=store)
        dataset = session.load(path)
        names = [c.replace("_", " ") for c in dataset.columns]
        a, b, c = (names + names)[0], (names + names)[1], (names + names)[2]
        template = TEMPLATES[q % len(TEMPLATES)]
        if "{c}" in template and len(set(dataset.columns)) < 3:
            template = TEMPLATES[0]
        question = template.format(a=a, b=b, c=c)
        t0 = time.perf_counter()
        answer = session.ask(question)
        per_question.append(time.perf_counter() - t0)
        kinds[answer.kind] += 1
    total = time.perf_counter() - started
    print(f"imports: {import_seconds:.2f} s")
    print(
        f"{args.questions} questions over {len(paths)} CSVs: {total:.2f} s total "
        f"(including CSV loading), {np.mean(per_question) * 1000:.1f} ms mean per question, "
        f"p95 {np.percentile(per_question, 95) * 1000:.1f} ms; graphs discovered: "
        f"{len(store.names())}; answer kinds: {dict(kinds)}"
    )


if __name__ == "__main__":
    main()
