import re
import xml.etree.ElementTree as ET

import pytest

from askwhy.report.html import render_html
from tests.report.answers import ALL, NODES, confounder_answer, estimate_answer

SECTIONS = [
    "<h2>Question</h2>",
    "<h3>Answer</h3>",
    "<h3>What was done</h3>",
    "<h3>Evidence</h3>",
    "<h3>Assumptions</h3>",
    "<h3>How to reproduce</h3>",
]


@pytest.mark.parametrize("kind", sorted(ALL))
def test_report_has_every_section(kind):
    answer = ALL[kind]()
    page = render_html(answer, data_path="smoking.csv")
    for heading in SECTIONS:
        assert heading in page
    assert "askwhy ask --data smoking.csv" in page
    assert "from askwhy import Session" in page
    for step in answer.trace:
        assert step.tool in page
    if answer.graph is not None:
        svg = re.search(r"<svg.*?</svg>", page, re.S).group(0)
        names = {g.get("data-name") for g in ET.fromstring(svg).iter() if g.get("data-name")}
        assert names == set(NODES)
    else:
        assert "<svg" not in page


def test_independence_evidence_shows_statistic_p_value_and_alpha():
    page = render_html(ALL["independence"]())
    assert "<td>2.97</td><td>0.003</td><td>0.05</td>" in page
    assert "with alpha below 0.003 it would not be" in page
    assert "Fisher-z assumes linear Gaussian relations." in page


def test_discovery_algorithm_and_settings_are_listed():
    page = render_html(ALL["graph"]())
    assert "<td>PC</td><td>0.05</td><td>test=fisherz" in page
    assert "causal sufficiency" in page


def test_estimate_shows_interval_and_refutations():
    page = render_html(estimate_answer())
    assert "-0.05 to 1.6" in page
    assert "which contains zero" in page
    assert "placebo_treatment" in page and "FAILED" in page
    possible = render_html(ALL["possible_effects"]())
    assert "not pinned down to one number" in possible and "1.2" in possible


def test_question_variables_are_highlighted():
    page = render_html(confounder_answer())
    assert "Variables of the question (highlighted): yellow fingers, lung cancer." in page
    assert 'class="node highlighted" data-name="yellow fingers"' in page


def test_text_is_escaped_and_page_is_self_contained():
    answer = confounder_answer()
    answer.question = "Is <script>alert(1)</script> a cause?"
    answer.notes = ["a & b <i>"]
    page = render_html(answer)
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "a &amp; b &lt;i&gt;" in page
    external = re.findall(r"""(?:src|href)\s*=\s*["'](?!#)""", page)
    assert external == []
    # the only URLs are XML namespace names (SVG, and xlink when graphviz drew the graph)
    urls = set(re.findall(r"https?://[^\s\"'<>]*", page))
    assert urls <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}


def test_conversation_report_has_a_section_per_answer():
    answers = [ALL[kind]() for kind in sorted(ALL)]
    page = render_html(answers)
    assert page.count("<h2>Question</h2>") == len(answers)
    assert page.count('<a href="#q') == len(answers)


def test_planner_steps_are_shown_apart_from_the_tool_steps(tmp_path):
    from askwhy.answer import PlannerStep
    from askwhy.report import write_report
    from tests.report.answers import independence_answer

    answer = independence_answer()
    answer.planner = "auto:llm"
    answer.planner_steps = [
        PlannerStep(planner="auto", summary="confidence 0.20 < 0.75: <b>model</b>"),
        PlannerStep(planner="llm", summary="2 model calls, 220 tokens", seconds=0.5),
    ]
    html = write_report(answer, tmp_path / "r.html")[0].read_text()
    assert "How the planner got there" in html and "220 tokens" in html
    assert "<b>model</b>" not in html and "&lt;b&gt;model&lt;/b&gt;" in html
    md = write_report(answer, tmp_path / "r.md")[0].read_text()
    assert "How the planner got there" in md and "220 tokens" in md
