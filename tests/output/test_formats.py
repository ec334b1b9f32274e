"""The report renderers: exact Markdown and CSV, a self-contained HTML page, hostile input."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from html.parser import HTMLParser

import pytest

from tests.core.test_report import NOW, build, ev
from tpmpath.core.models import Curriculum, Progress
from tpmpath.core.progress import derive
from tpmpath.core.report import Report, build_report
from tpmpath.output.charts import cumulative_chart
from tpmpath.output.csv_report import csv_text, render_csv, safe_cell
from tpmpath.output.html_report import render_html
from tpmpath.output.htmlkit import CSP, link
from tpmpath.output.markdown import md_link, md_text, render_markdown

EXPECTED_MARKDOWN = """\
# Progress report: Tiny path

Profile: me · Curriculum: `tiny` v1 · Generated: 2026-03-06 09:00

- {PACE}
- Finish: around Tue 2026-03-17 at this pace.

## Progress by step

| Step | Done | Progress | % |
| :--- | ---: | :--- | ---: |
| 1. Basics | 2/3 | `[#############.......]` | 66.7% |
| 2. Practice | 0/2 | `[###.................]` | 16.7% |
| **Overall** | **2/5** | `[#########...........]` | **46.7%** |

Hours: 3 of 8 done, 5 remaining (2 topics unestimated).

## Completed

| Date | Topic | Step | Status |
| :--- | :--- | :--- | :--- |
| 2026-03-05 | Topic C (`c`) | Basics | skipped |
| 2026-03-02 | Topic A (`a`) | Basics | done |

## In progress

| Topic | Step | Progress | Started |
| :--- | :--- | :--- | :--- |
| Topic B (`b`) | Basics | started | 2026-03-03 |
| Talk to people (`talk`) | Practice | 1/3 logged | 2026-03-04 |

## Next steps

1. **Topic B (`b`)** (in progress), step 1: Basics
2. **Talk to people (`talk`)** (in progress), step 2: Practice

## Notes

- 2026-03-04, Talk to people (`talk`) (logged): Met the SRE lead
- 2026-03-02, Topic A (`a`): Read the RFC · [link](https://example.com/rfc)
""".replace(
    "{PACE}",
    "Pace: 3 h/week over the last 1 week: 3 h of work done or logged since Mon 2026-03-02 "
    "(skipped topics not counted).",
)


def test_markdown_exact() -> None:
    assert render_markdown(build()) == EXPECTED_MARKDOWN


def test_markdown_since_header_and_empty_sections() -> None:
    text = render_markdown(build(Progress(curriculum_id="tiny"), since=date(2026, 3, 4)))
    assert "Activity since 2026-03-04; progress totals are overall." in text
    assert "## Completed since 2026-03-04\n\nNothing completed since 2026-03-04.\n" in text
    assert "## In progress\n\nNothing in progress.\n" in text
    assert "## Notes since 2026-03-04\n\nNo notes.\n" in text
    assert "1. **Topic A (`a`)**, step 1: Basics\n" in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain words", "plain words"),
        ("a | b", r"a \| b"),
        ("`code`", r"\`code\`"),
        ("line\nbreak\r\nthird", "line break third"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ('"><img src=x onerror=alert(1)>', '"&gt;&lt;img src=x onerror=alert(1)&gt;'),
        ("[click](javascript:alert(1))", r"\[click\](javascript:alert(1))"),
        ("*bold* _it_ ~~gone~~", r"\*bold\* \_it\_ \~\~gone\~\~"),
        ("R&D &amp; &#60;", "R&D &amp;amp; &amp;#60;"),
        ("back\\slash", r"back\\slash"),
        ("\x1b[31mred", r"\[31mred"),
    ],
)
def test_md_text(text: str, expected: str) -> None:
    assert md_text(text) == expected


@pytest.mark.parametrize(
    ("title", "url", "expected"),
    [
        ("MDN", "https://developer.mozilla.org/", "[MDN](https://developer.mozilla.org/)"),
        (
            "W",
            "https://en.wikipedia.org/wiki/A_(b)",
            "[W](https://en.wikipedia.org/wiki/A_%28b%29)",
        ),
        ("x", 'https://e.com/?q=<a>"', "[x](https://e.com/?q=%3Ca%3E%22)"),
        ("[t]", "https://e.com", r"[\[t\]](https://e.com)"),
        ("JS", "javascript:alert(1)", "JS: javascript:alert(1)"),
        ("D", "data:text/html,<b>", "D: data:text/html,&lt;b&gt;"),
    ],
)
def test_md_link(title: str, url: str, expected: str) -> None:
    assert md_link(title, url) == expected


def test_csv_exact() -> None:
    assert render_csv(build()) == (
        "step,id,title,status,started,completed,note,count,target,notes,kind,age_days,"
        "skills,first_rating,latest_rating\r\n"
        "basics,a,Topic A,done,,2026-03-02,Read the RFC,,,1,topic,,,,\r\n"
        "basics,b,Topic B,in_progress,2026-03-03,,,,,0,topic,,,,\r\n"
        "basics,c,Topic C,skipped,,,,,,0,topic,,,,\r\n"
        "practice,talk,Talk to people,in_progress,2026-03-04,,Met the SRE lead,1,3,1,topic,,,,\r\n"
        "practice,d,Topic D,todo,,,,,,0,topic,,,,\r\n"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+2", "'=1+2"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "x"),
        ("\r=x", "'=x"),
        ("a=1", "a=1"),
        (" =1", "' =1"),
        ("\n=1", "'\n=1"),
        ("\r\n+1", "'\r\n+1"),
        (" \t -1", "' \t -1"),
        ("\u00a0@x", "'\u00a0@x"),
        ("\u200b=1", "'=1"),
        ("\ufeff\u2066 =1", "' =1"),
        ("\x1b=1", "'=1"),
        ("\x1b]0;title\x07\x1b[31mred", "]0;title[31mred"),
        (" a", " a"),
        ("  ", "  "),
        ("two\nlines", "two\nlines"),
        ("", ""),
        (3, 3),
        (None, None),
    ],
)
def test_safe_cell(value: object, expected: object) -> None:
    assert safe_cell(value) == expected  # type: ignore[arg-type]


def test_csv_text_quotes_per_rfc_4180() -> None:
    text = csv_text(["a", "b"], [['say "hi"', "x,y"], ["two\nlines", None]])
    assert text == 'a,b\r\n"say ""hi""","x,y"\r\n"two\nlines",\r\n'


class Tags(HTMLParser):
    """Every start tag and its attributes, and the text outside style elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._style = False

    def handle_data(self, data: str) -> None:
        if not self._style:
            self.text.append(data)


SAFE_TAGS = {
    "html", "head", "meta", "title", "style", "body", "main", "header", "footer", "section",
    "div", "span", "h1", "h2", "h3", "p", "strong", "small", "code", "ul", "ol", "li", "a",
    "figure", "figcaption", "svg", "g", "rect", "line", "table", "thead", "tbody", "tr", "th", "td",
    "details", "summary", "text",
}  # fmt: skip


def parse_html(page: str) -> Tags:
    parser = Tags()
    parser.feed(page)
    return parser


def assert_safe_page(page: str) -> Tags:
    """Only known tags, no event handlers, only http(s) links, nothing fetched from anywhere."""
    parsed = parse_html(page)
    for tag, attrs in parsed.tags:
        assert tag in SAFE_TAGS, tag
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        assert "src" not in attrs
        if tag == "a":
            assert re.match(r"https?://", attrs["href"] or ""), attrs
            assert attrs["rel"] == "noopener noreferrer"
    assert "url(" not in page and "@import" not in page
    return parsed


def test_html_page_is_self_contained_and_shows_everything() -> None:
    page = render_html(build())
    parsed = assert_safe_page(page)
    metas = [a for t, a in parsed.tags if t == "meta" and a.get("http-equiv")]
    assert metas == [{"http-equiv": "Content-Security-Policy", "content": CSP}]
    assert CSP == "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    text = " ".join(" ".join(parsed.text).split())
    for expected in (
        "Tiny path",
        "46.7%",
        "Basics",
        "66.7%",
        "Practice",
        "16.7%",
        "Topic A done 2026-03-02",
        "Read the RFC",
        "1 of 3 logged",
        "Topic C skipped 2026-03-05",
    ):
        assert expected in text, expected
    assert "@media print" in page and "@media (max-width:560px)" in page
    assert '<a href="https://example.com/rfc" rel="noopener noreferrer">example.com</a>' in page
    assert page.count("<svg") == 1


def test_html_without_completions_has_no_chart() -> None:
    page = render_html(build(Progress(curriculum_id="tiny")))
    assert "<svg" not in page
    assert "Nothing completed yet" in page


def test_chart_bars_and_labels() -> None:
    svg = cumulative_chart([(date(2026, 3, 2), 1), (date(2026, 3, 9), 4)], "Done <by> week")
    assert 'viewBox="0 0 20 100"' in svg
    assert '<rect x="1" y="75.00" width="8" height="25.00" rx="1">' in svg
    assert '<rect x="11" y="0.00" width="8" height="100.00" rx="1">' in svg
    assert "<title>Week of 2026-03-09: 4 completed</title>" in svg
    assert "Done &lt;by&gt; week" in svg and "<by>" not in svg


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://e.com/?a=1&b=2",
            '<a href="https://e.com/?a=1&amp;b=2" rel="noopener noreferrer">',
        ),
        ('https://e.com/"onmouseover="x', 'href="https://e.com/&quot;onmouseover=&quot;x"'),
        ("javascript:alert(1)", '<span class="nolink">t: <code>javascript:alert(1)</code></span>'),
    ],
)
def test_html_link(url: str, expected: str) -> None:
    assert expected in link("t", url)


HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "a | b `c` *d*",
    "line one\nline two",
    '=HYPERLINK("http://evil")',
    "[x](javascript:alert(1))",
]


def hostile_report() -> tuple[Report, Progress]:
    """Every title, summary, resource and note is hostile."""
    topics = [
        {
            "id": f"t{n}",
            "title": text,
            "summary": text,
            "resources": [
                {"title": text, "url": "javascript:alert(1)"},
                {"title": text, "url": "https://example.com/ok"},
            ],
        }
        for n, text in enumerate(HOSTILE)
    ]
    curriculum = Curriculum.model_validate(
        {
            "id": "evil",
            "title": HOSTILE[0],
            "version": HOSTILE[1],
            "steps": [
                {"id": "s1", "title": HOSTILE[1], "topics": topics[:3]},
                {"id": "s2", "title": HOSTILE[3], "topics": topics[3:]},
            ],
        }
    )
    events = [
        ev(n, f"2026-03-0{n + 1} 09:00", "done", f"t{n}", text=t, link="javascript:alert(1)")
        for n, t in enumerate(HOSTILE[:4])
    ]
    events.append(ev(9, "2026-03-05 09:00", "start", "t4"))
    progress = Progress(curriculum_id="evil", events=events)
    report = build_report(
        curriculum,
        progress.events,
        derive(curriculum, progress.events),
        NOW,
        progress=progress,
        profile="me",
    )
    return report, progress


def test_hostile_html_renders_as_text() -> None:
    report, _ = hostile_report()
    page = render_html(report)
    parsed = assert_safe_page(page)
    text = " ".join(parsed.text)
    for hostile in HOSTILE:
        assert " ".join(hostile.split()) in " ".join(text.split())
    hrefs = [a["href"] for t, a in parsed.tags if t == "a"]
    assert hrefs and set(hrefs) == {"https://example.com/ok"}


def test_hostile_markdown_renders_as_text() -> None:
    report, _ = hostile_report()
    text = render_markdown(report)
    assert "<" not in text and ">" not in text.replace("&gt;", "")
    assert set(re.findall(r"(?<!\\)\]\(([^)]*)\)", text)) == {"https://example.com/ok"}
    for line in text.splitlines():
        if line.startswith("|"):
            # Every cell boundary is ours: escaped pipes inside cells are not boundaries.
            assert len(re.findall(r"(?<!\\)\|", line)) == 5, line
            assert line.endswith(" |")
    assert "\\`c\\` \\*d\\*" in text


def test_hostile_csv_keeps_text_and_defuses_formulas() -> None:
    report, _ = hostile_report()
    rows = list(csv.reader(io.StringIO(render_csv(report), newline="")))
    assert all(len(row) == 15 for row in rows)
    titles = [row[2] for row in rows[1:]]
    assert titles == [("'" + t if t.startswith("=") else t) for t in HOSTILE]
    assert rows[4][6] == "line one\nline two"


INVISIBLE = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u200c\u200d\u2060\ufeff"
"""Bidi embeddings, overrides, isolates and zero-width characters: they hide what text says."""


def invisible_report() -> Report:
    """Titles, a resource, notes and link hosts laced with bidi and zero-width characters."""
    spoof = f"Topic{INVISIBLE}\u202egnp.exe"
    curriculum = Curriculum.model_validate(
        {
            "id": "inv",
            "title": f"Path{INVISIBLE}",
            "version": f"1{INVISIBLE}",
            "steps": [
                {
                    "id": "s1",
                    "title": f"Step{INVISIBLE}",
                    "topics": [
                        {"id": "t1", "title": spoof},
                        {
                            "id": "t2",
                            "title": spoof,
                            "summary": f"Sum{INVISIBLE}",
                            "resources": [
                                {"title": f"Res{INVISIBLE}", "url": "https://example.com/ok"},
                                {"title": "R", "url": "https://exa\u200bmple.com/"},
                            ],
                        },
                        {"id": "t3", "title": spoof},
                    ],
                }
            ],
        }
    )
    events = [
        ev(
            1,
            "2026-03-02 09:00",
            "done",
            "t1",
            text=f"note{INVISIBLE}",
            link="https://go\u202eogle.com/",
        ),
        ev(2, "2026-03-03 09:00", "start", "t3"),
        ev(3, "2026-03-03 10:00", "note", "t3", text="x", link="https://docs.google.com/\u2066"),
    ]
    progress = Progress(curriculum_id="inv", events=events)
    return build_report(
        curriculum,
        progress.events,
        derive(curriculum, progress.events),
        NOW,
        progress=progress,
        profile="me",
    )


@pytest.mark.parametrize("render", [render_markdown, render_html, render_csv])
def test_bidi_and_zero_width_characters_never_reach_a_report(render: object) -> None:
    text = render(invisible_report())  # type: ignore[operator]
    assert [char for char in text if char in INVISIBLE] == []
    assert "Topicgnp.exe" in text and "note" in text


def test_a_link_whose_host_hides_characters_is_text_not_a_link() -> None:
    page = render_html(invisible_report())
    hrefs = [a["href"] for t, a in assert_safe_page(page).tags if t == "a"]
    assert hrefs == ["https://example.com/ok"]
    assert '<span class="nolink">Link: <code>https://google.com/</code></span>' in page
    assert '<span class="nolink">R: <code>https://example.com/</code></span>' in page
    markdown = render_markdown(invisible_report())
    assert "link: https://google.com/" in markdown
    assert "R: https://example.com/" in markdown
    assert re.findall(r"\]\(([^)]*)\)", markdown) == ["https://example.com/ok"]
