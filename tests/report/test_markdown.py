import xml.etree.ElementTree as ET

import pytest

from askwhy.errors import AskwhyError
from askwhy.report import write_report
from askwhy.report.markdown import md, render_markdown
from tests.report.answers import ALL, NODES, graph_answer, independence_answer

SECTIONS = [
    "## Question",
    "### Answer",
    "### What was done",
    "### Evidence",
    "### Assumptions",
    "### How to reproduce",
]


@pytest.mark.parametrize("kind", sorted(ALL))
def test_markdown_has_every_section(kind):
    text = render_markdown(ALL[kind](), data_path="smoking.csv")
    for heading in SECTIONS:
        assert heading in text
    assert "askwhy ask --data smoking.csv" in text


def test_markdown_report_writes_svg_beside_it(tmp_path):
    files = write_report(graph_answer(), tmp_path / "out.md", data_path="smoking.csv")
    assert [f.name for f in files] == ["out.md", "out-graph.svg"]
    text = files[0].read_text()
    assert "![causal graph](out-graph.svg)" in text
    root = ET.fromstring(files[1].read_text())
    assert {g.get("data-name") for g in root.iter() if g.get("data-name")} == set(NODES)


def test_conversation_markdown_numbers_the_pictures(tmp_path):
    answers = [independence_answer(), graph_answer(), graph_answer()]
    files = write_report(answers, tmp_path / "chat.md")
    assert [f.name for f in files] == ["chat.md", "chat-graph-2.svg", "chat-graph-3.svg"]
    assert files[0].read_text().count("## Question") == 3


def test_markdown_escapes_table_cells_and_markup():
    assert md("a|b *c* <d>") == r"a\|b \*c\* \<d\>"
    answer = independence_answer()
    answer.trace[0].summary = "x | y"
    assert r"x \| y" in render_markdown(answer)


def test_html_report_by_suffix_and_clear_errors(tmp_path):
    [page] = write_report([graph_answer()], tmp_path / "r.html")
    assert page.read_text().startswith("<!DOCTYPE html>")
    with pytest.raises(AskwhyError, match=r"\.html or \.md"):
        write_report(graph_answer(), tmp_path / "r.pdf")
    with pytest.raises(AskwhyError, match="ask a question first"):
        write_report([], tmp_path / "r.html")
