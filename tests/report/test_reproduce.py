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
