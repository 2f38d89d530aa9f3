"""The data dictionary table in HTML and Markdown reports."""

from askwhy.core.dictionary import load_dictionary
from askwhy.report import write_report
from askwhy.report.html import render_html
from askwhy.report.markdown import render_markdown
from askwhy.report.sections import dictionary_table
from tests.report.answers import independence_answer

DICTIONARY = {
    "smoking": {
        "description": "cigarettes per day <b>self-reported</b> & rounded",
        "aliases": ["smokes", "cigarettes"],
        "type": "continuous",
        "role": "treatment",
    },
    "lung cancer": {"description": "risk score | from *screening*", "role": ["outcome"]},
}


def test_table_lists_every_entry():
    table = dictionary_table(load_dictionary(DICTIONARY).columns)
    assert table is not None
    assert table.headers == ["column", "type", "description", "aliases", "role"]
    assert table.rows[0] == [
        "smoking",
        "continuous",
        "cigarettes per day <b>self-reported</b> & rounded",
        "smokes, cigarettes",
        "treatment",
    ]
    assert table.rows[1][:2] == ["lung cancer", ""]
    assert dictionary_table(None) is None and dictionary_table({}) is None


def test_html_report_shows_the_dictionary_escaped():
    page = render_html(independence_answer(), dictionary=DICTIONARY)
    assert "<h2>Data dictionary</h2>" in page
    assert "<td>smokes, cigarettes</td><td>treatment</td>" in page
    assert "cigarettes per day &lt;b&gt;self-reported&lt;/b&gt; &amp; rounded" in page
    assert "<b>self-reported</b>" not in page
    assert "Data dictionary" not in render_html(independence_answer())


def test_markdown_report_shows_the_dictionary_escaped():
    text = render_markdown(independence_answer(), dictionary=DICTIONARY)
    assert "## Data dictionary" in text
    assert "| column | type | description | aliases | role |" in text
    assert r"risk score \| from \*screening\*" in text
    assert r"\<b\>self-reported\<" in text
    assert "Data dictionary" not in render_markdown(independence_answer())


def test_write_report_passes_the_dictionary_to_both_formats(tmp_path):
    entries = load_dictionary(DICTIONARY).columns
    for name in ("r.html", "r.md"):
        (path,) = write_report(independence_answer(), tmp_path / name, dictionary=entries)
        assert "Data dictionary" in path.read_text()
