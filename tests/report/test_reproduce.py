from askwhy.report.reproduce import cli_command, python_code
from askwhy.report.sections import (
    explanation_rest,
    one_sentence,
    question_variables,
    what_would_change,
)
from tests.report.answers import confounder_answer, estimate_answer, independence_answer


def test_cli_command_quotes_and_carries_settings():
    command = cli_command(
        independence_answer(),
        "my data/smoking.csv",
        {"alpha": 0.01, "algorithm": "fci", "test": None, "planner": "rules"},
    )
    assert command == (
        "askwhy ask --data 'my data/smoking.csv' --algorithm fci --alpha 0.01 "
        "'Are smoking and lung cancer independent given tar?'"
    )


def test_python_code_runs_the_same_question_and_tools():
    code = python_code(estimate_answer(), "smoking.csv", {"method": "dml"})
    compile(code, "<report>", "exec")
    assert "Session(persist=False, defaults={'method': 'dml'})" in code
    assert "session.load('smoking.csv')" in code
    assert "answer = session.ask('What is the effect of tar on lung cancer?')" in code
    assert (
        "session.call('estimate_effect', treatment='tar', outcome='lung cancer', method='auto')"
        in code
    )


def test_python_code_without_data_path_says_what_to_replace():
    code = python_code(independence_answer())
    compile(code, "<report>", "exec")
    assert "replace with the path of your CSV" in code


def test_question_variables_come_from_tool_arguments():
    assert question_variables(independence_answer()) == ["smoking", "lung cancer", "tar"]
    assert question_variables(estimate_answer()) == ["tar", "lung cancer"]


def test_what_would_change_names_graph_and_confounding_risks():
    points = " ".join(what_would_change(confounder_answer()))
    assert "hidden common cause" in points and "background knowledge" in points
    points = " ".join(what_would_change(estimate_answer()))
    assert "contains zero" in points and "random_common_cause" in points


def test_explanation_does_not_repeat_the_answer_sentence():
    answer = independence_answer()
    assert one_sentence(answer) == "No: the data show they are dependent."
    assert explanation_rest(answer) == "Fisher-z p = 0.003."


HOSTILE = "x'); import os; os.system('touch PWNED'); print('"


def test_hostile_text_never_becomes_code(tmp_path):
    from askwhy.answer import TraceStep

    answer = independence_answer()
    answer.question = HOSTILE + "\n" + '"""' + "\\"
    answer.planner = "llm"
    answer.trace = [
        # a hostile value, a hostile argument name, an unknown tool, a non-literal value
        TraceStep(tool="test_independence", args={"x": HOSTILE, "y": "tar", "given": [HOSTILE]}),
        TraceStep(
            tool="test_independence",
            args={"x": "a", "y": "b", "z=1); import os; os.system('touch PWNED'); (w": 1},
        ),
        TraceStep(tool="os.system('touch PWNED')", args={}),
        TraceStep(tool="test_independence", args={"x": "a", "y": "b", "alpha": float("nan")}),
    ]
    code = python_code(answer, data_path=HOSTILE, settings={"planner": "llm); import os; (x"})
    tree = compile(code, "<report>", "exec", flags=0x400, dont_inherit=True)  # parses
    assert tree is not None
    import ast

    calls = [
        node.func
        for node in ast.walk(ast.parse(code))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    ]
    # Only session.load / session.call / result.answer_text and print: nothing else is called.
    assert {c.attr for c in calls} <= {"load", "call", "ask", "answer_text"}
    assert code.count("session.call(") == 1  # only the first, safe step is replayed
    assert "planner=" not in code
    assert not (tmp_path / "PWNED").exists()


def test_reproduce_code_runs_and_gives_the_same_answer(tmp_path, examples_dir):
    import subprocess
    import sys

    from askwhy.session import Session

    session = Session(persist=False)
    session.load(examples_dir / "smoking.csv")
    answer = session.ask("Are yellow fingers and lung cancer independent given smoking?")
    code = python_code(answer, data_path=str(examples_dir / "smoking.csv"))
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=120
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == answer.answer == "yes"
    assert answer.trace[0].summary in done.stdout


def test_reproduce_code_of_a_model_answer_replays_its_tool_calls(tmp_path, examples_dir):
    import subprocess
    import sys

    from askwhy.answer import PlannerStep
    from askwhy.planning.base import Plan
    from askwhy.session import Session

    class ModelLike:
        name = "llm"

        def plan(self, question, context):
            context.call("describe_data")
            result = context.call("direct_cause", x="smoking", y="tar")
            step = PlannerStep(planner="llm", summary="2 model calls")
            return Plan(results=[result], planner="llm", steps=[step])

    session = Session(persist=False, planner=ModelLike())
    session.load(examples_dir / "smoking.csv")
    answer = session.ask("does smoking cause tar directly?")
    code = python_code(answer, data_path=str(examples_dir / "smoking.csv"))
    assert "session.call('llm'" not in code and "session.ask(" not in code
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == answer.answer == "yes"
