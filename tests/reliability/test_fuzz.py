"""A seeded, bounded fuzz of questions, tool calls and CSV files.

Nothing a user or a model can send may end in a traceback, an internal error or a hang:
every outcome is an Answer or an AskwhyError with a message.
"""

from __future__ import annotations

import random
import time

import numpy as np
import pandas as pd
import pytest

from askwhy.errors import AskwhyError
from askwhy.planning.rules.parse import read_question
from askwhy.session import Session

COLUMNS = ["smoking", "tar", "lung_cancer", "Unit Price", "ad_spend_k", "p44/42", "Time", "a"]
POOL_TEXT = (
    "does cause directly effect of on given independent correlated confounder collider "
    "mediator graph draw which more likely A. B. C. from to and or not no is the what why "
    "_||_ ⟂ -> do( ) = | ? , . 1e3 -5 10% alpha 0.01 kci fci using instrument"
)
WORDS = POOL_TEXT.split()
MAX_SECONDS = 1.0


def fuzzed_questions(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    pool = WORDS + [c.lower() for c in COLUMNS] + COLUMNS
    out = []
    for i in range(n):
        kind = i % 5
        if kind == 0:  # word salad
            out.append(" ".join(rng.choice(pool) for _ in range(rng.randint(1, 30))))
        elif kind == 1:  # one token repeated, long
            token = rng.choice(["a", "a_", "smoking tar", "(", "->", "?", "é", "\u200b"])
            out.append(token * rng.randint(100, 5000))
        elif kind == 2:  # random characters, control codes included
            out.append("".join(chr(rng.randint(0, 0x2FF)) for _ in range(rng.randint(0, 300))))
        elif kind == 3:  # a real question with noise spliced in
            base = "Does smoking directly cause tar given lung cancer?"
            cut = rng.randint(0, len(base))
            noise = "".join(rng.choice("[]{}()'\"`\\%$#@!~^&*") for _ in range(rng.randint(1, 8)))
            out.append(base[:cut] + noise + base[cut:])
        else:  # a multiple-choice or scenario frame around salad
            body = " ".join(rng.choice(pool) for _ in range(rng.randint(5, 40)))
            out.append(f"Background. {body} A. {rng.choice(COLUMNS)} causes tar B. no C. {body}")
    return out


def test_fuzzed_questions_always_read_quickly():
    slowest = 0.0
    for question in fuzzed_questions(2000, seed=0):
        started = time.perf_counter()
        frame = read_question(question, COLUMNS)
        slowest = max(slowest, time.perf_counter() - started)
        assert frame.family  # a Frame, possibly "unclear"
    assert slowest < MAX_SECONDS, f"slowest reading took {slowest:.2f} s"


@pytest.fixture(scope="module")
def small_session() -> Session:
    rng = np.random.default_rng(0)
    smoking = rng.normal(size=300)
    tar = smoking + rng.normal(size=300)
    frame = pd.DataFrame(
        {"smoking": smoking, "tar": tar, "lung_cancer": tar + rng.normal(size=300)}
    )
    session = Session(persist=False)
    session.add_frame(frame, name="fuzz")
    return session


def test_fuzzed_questions_through_the_session_never_crash(small_session):
    for question in fuzzed_questions(150, seed=1):
        try:
            answer = small_session.ask(question)
        except AskwhyError as err:
            assert str(err)
            continue
        assert answer.kind in ("yes_no", "choice", "graph", "estimate", "text", "unclear")


def test_fuzzed_tool_calls_are_answered_or_refused_clearly(small_session):
    rng = random.Random(2)
    names = small_session.registry.names()
    values = [
        None, "", "smoking", "tar", "nope", "\ud800", "x" * 5000, 0, -1, 1e308, float("nan"),
        [], ["smoking"], ["smoking", "smoking"], {"a": 1}, True, 0.5, "../../etc/passwd",
    ]  # fmt: skip
    keys = ["x", "y", "z", "given", "treatment", "outcome", "variables", "alpha", "test",
            "algorithm", "name", "path", "relation", "covariates", "method", "bogus"]  # fmt: skip
    for _ in range(300):
        tool = rng.choice(names)
        args = {rng.choice(keys): rng.choice(values) for _ in range(rng.randint(0, 4))}
        if tool in ("export_graph",):
            args.pop("path", None)  # tests never write files outside tmp
        try:
            small_session.call(tool, **args)
        except AskwhyError as err:
            assert str(err)


def _malformed_csvs(n: int, seed: int) -> list[bytes]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        kind = i % 6
        if kind == 0:
            out.append(bytes(rng.randint(0, 255) for _ in range(rng.randint(0, 400))))
        elif kind == 1:  # ragged rows
            rows = [",".join("1" for _ in range(rng.randint(1, 6))) for _ in range(20)]
            out.append(("a,b,c\n" + "\n".join(rows)).encode())
        elif kind == 2:  # NUL bytes and quotes
            out.append(b'a,b\n1,"2\x00"\n"3,4\n5,\x00\n' * rng.randint(1, 20))
        elif kind == 3:  # only a header, or empty
            out.append(rng.choice([b"", b"a,b,c\n", b"\n\n\n", b","]))
        elif kind == 4:  # mixed types, duplicate headers
            header = rng.choice(["a,a,b", "a,b,c", "x,,y"])
            body = "\n".join(
                ",".join(rng.choice(["1", "2.5", "x", "", "nan", "inf", "1e999"]) for _ in range(3))
                for _ in range(rng.randint(1, 40))
            )
            out.append(f"{header}\n{body}\n".encode())
        else:  # a wide line
            out.append(b"a,b\n" + b"1," * rng.randint(1000, 20000) + b"\n")
    return out


def test_malformed_csvs_load_or_fail_with_a_message(tmp_path):
    for index, content in enumerate(_malformed_csvs(200, seed=3)):
        path = tmp_path / f"bad{index}.csv"
        path.write_bytes(content)
        session = Session(persist=False)
        try:
            session.load(path)
        except AskwhyError as err:
            assert str(err)
