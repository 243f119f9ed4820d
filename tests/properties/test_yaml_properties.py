"""Annotation files of any bytes: the core reports located problems, and nothing else.

Contributors' files come by pull request from strangers (DESIGN.md §2, "Bad
input"), so the domain generated here is every file a hostile or careless
contributor could write, in three shapes:

- arbitrary bytes, invalid UTF-8 included;
- YAML-shaped text: trees whose keys come from the contract (annotations,
  id, quote, sources, terms, aliases, ...), written out in block or flow
  style with every scalar style, anchors and aliases, tags (`!!python/...`
  among them), merge and complex keys, comments, several documents, deep
  nesting, then damaged: control characters, BOMs, tabs, CR line endings,
  bytes that are not UTF-8, cuts;
- contract-shaped files: real annotation and glossary entries with some
  values swapped for wrong ones, which get past YAML and reach validation.

Each is written to `annotations/page.yml` or `annotations/glossary.yml` in
a fresh temporary folder and loaded as the build loads it, then a page is
annotated with what was loaded. Nothing may raise; every problem is one
short line, `annotations/FILE:LINE:COL: message`, that points inside the
file.
"""

from __future__ import annotations

import functools
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explainer.build import ExplainerBuild, Settings
from explainer.problems import Problem

FILES = ("page.yml", "glossary.yml")
LOCATED = re.compile(r"annotations/[^:]+:\d+:\d+: .+")
MESSAGE_LIMIT = 600  # characters: a log line a reader can take in
# A page for the loaded annotations to be anchored in, with words the generated
# quotes and terms are drawn from, so that some of them are placed.
PAGE_WORDS = ("Moscow", "said", "no", "veto", "security", "guarantee", "July", "15,", "2023", "quote", "NATO")
PAGE_HTML = (
    '<h1 id="title">Security guarantee<a class="headerlink" href="#title">¶</a></h1>\n'
    "<p>Moscow said no to a veto on July 15, 2023. <em>NATO</em> said no quote.</p>\n"
    "<p>Security guarantees &amp; a “veto” — said Moscow.</p>\n"
)

# --- Scalars ------------------------------------------------------------------

ANNOTATION_KEYS = ("annotations", "id", "type", "quote", "prefix", "suffix", "title", "claim", "verdict",
                   "body", "sources", "url", "publisher", "date", "terms", "corrections", "note", "replaces",
                   "summary", "bottom_line", "known", "unknown", "retired")
GLOSSARY_KEYS = ("terms", "id", "term", "aliases", "category", "definition", "see_also", "sources")
KEYS = ANNOTATION_KEYS + GLOSSARY_KEYS + ("Quote", "qoute", "verdict ", "<<", "=", "? x", "", "0", "true", "null")

# Scalars YAML reads as something other than text, or that open syntax.
AWKWARD_SCALARS = (
    "", "~", "null", "Null", "yes", "No", "on", "OFF", "true", "y", "n", "=", "<<", "-", "?", ":", "|", ">",
    "...", "---", "0x1F", "0o17", "017", "1e309", ".inf", "-.NaN", "1_000", "12:30:45", "190:20:30",
    "2025-08-21", "2025-13-01", "2025-02-30", "2025-08-21T10:00:00Z", "2025-08-21 10:00:00.5 +02:00",
    "context", "fact-check", "incorrect", "accurate", "unverified", "mostly-accurate", "concept", "person",
    "https://example.org/a", "http://", "javascript:alert(1)", "glossary:veto", "[x](glossary:nope)",
    "<script>alert(1)</script>", "a: b", "#not a comment", "@at", "`tick", "%percent", "&anchor", "*alias",
    "!tag", "{", "}", "[", "]", ",", "'", '"', "\\", "a-slug", "Moscow", "veto", "said no",
    "x" * 300, "word " * 200, "9" * 400,
)
# Tags: YAML's own, PyYAML's unsafe ones, local ones, and verbatim ones.
TAGS = ("!!str", "!!int", "!!float", "!!bool", "!!null", "!!binary", "!!set", "!!omap", "!!pairs", "!!timestamp",
        "!!merge", "!!value", "!!python/object/apply:os.system", "!!python/name:os.system", "!!python/tuple",
        "!custom", "!", "!<tag:yaml.org,2002:str>", "!<!x>", "!e!x", "!!" + "t" * 100)
GENERATED_TAGS = TAGS
# Escapes a double-quoted YAML scalar may hold, valid or not.
ESCAPES = ("\\0", "\\a", "\\t", "\\n", "\\r", "\\e", "\\N", "\\_", "\\L", "\\P", "\\x41", "\\u2028", "\\uD800",
           "\\U0001F600", "\\U00110000", "\\q", "\\", '\\"', "\\/", "\\ ")
# Text of any kind: printable, controls, line separators, surrogates YAML refuses, astral characters.
ANY_TEXT = st.text(st.characters(codec="utf-8") | st.sampled_from("\x00\x07\x1b\x7f\x85\u2028\u2029\ufeff\t\r\n:#'\"-"), max_size=20)
WORDS = st.sampled_from(PAGE_WORDS) | st.from_regex(r"[a-z]{1,8}", fullmatch=True)
TEXT = st.one_of(st.sampled_from(AWKWARD_SCALARS), ANY_TEXT,
                 st.lists(WORDS, min_size=1, max_size=5).map(" ".join))


@st.composite
def written_scalar(draw, value: str, indent: int) -> str:
    """`value` in one of YAML's scalar styles, not always correctly."""
    style = draw(st.sampled_from(("plain", "plain", "single", "double", "literal", "folded")))
    if style == "plain":
        return value
    if style == "single":
        return "'" + (value.replace("'", "''") if draw(st.booleans()) else value) + draw(st.sampled_from(("'", "'", "")))
    if style == "double":
        inner = value.replace("\\", "\\\\").replace('"', '\\"') if draw(st.booleans()) else value
        if draw(st.booleans()):
            at = draw(st.integers(0, len(inner)))
            inner = inner[:at] + draw(st.sampled_from(ESCAPES)) + inner[at:]
        return '"' + inner + draw(st.sampled_from(('"', '"', "")))
    header = ("|" if style == "literal" else ">") + draw(st.sampled_from(("", "-", "+", "2", "1-", "+9", "0")))
    pad = " " * (indent + draw(st.sampled_from((2, 2, 0, 1, 4))))
    lines = value.split("\n") or [""]
    return header + "\n" + "\n".join(pad + line for line in lines)


# --- Trees of keys and values, written out as YAML ----------------------------------

def scalar_node(text: str) -> tuple:
    return ("scalar", text)


NODES = st.recursive(
    TEXT.map(scalar_node),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(lambda items: ("seq", items)),
        st.lists(st.tuples(st.sampled_from(KEYS) | TEXT, inner), max_size=5).map(lambda pairs: ("map", pairs)),
    ),
    max_leaves=25,
)


@st.composite
def written(draw, node: tuple, indent: int = 0, flow: bool = False) -> str:
    """A tree node as YAML, starting where a value starts (after `key: ` or `- `), with decorations."""
    decoration = ""
    if draw(st.integers(0, 19)) == 0:
        decoration += "&" + draw(st.sampled_from(("a", "b", "anchor", "x" * 80))) + " "
    if draw(st.integers(0, 19)) == 0:
        decoration += draw(st.sampled_from(GENERATED_TAGS)) + " "
    if draw(st.integers(0, 29)) == 0:
        return decoration + "*" + draw(st.sampled_from(("a", "b", "missing")))
    kind = node[0]
    if kind == "scalar":
        text = draw(written_scalar(node[1], indent))
        if flow and draw(st.booleans()):
            text = text.replace("\n", " ")
        return decoration + text
    if kind == "seq" and not node[1]:
        return decoration + "[]"
    if kind == "map" and not node[1]:
        return decoration + "{}"
    if flow or draw(st.integers(0, 3)) == 0:
        sep = draw(st.sampled_from((", ", ",", ",\n" + " " * (indent + 1), " , ")))
        if kind == "seq":
            items = [draw(written(item, indent + 1, True)) for item in node[1]]
            return decoration + "[" + sep.join(items) + draw(st.sampled_from(("]", "]", ",]", "")))
        pairs = [f"{draw(written_scalar(key, indent))}: {draw(written(value, indent + 1, True))}" for key, value in node[1]]
        return decoration + "{" + sep.join(pairs) + draw(st.sampled_from(("}", "}", ",}", "")))
    step = draw(st.sampled_from((2, 2, 2, 4, 1, 0, 3)))
    inner = indent + step
    pad = " " * inner
    lines = []
    if kind == "seq":
        for item in node[1]:
            lines.append(pad + "- " + draw(written(item, inner + 2)))
    else:
        for key, value in node[1]:
            opener = draw(st.sampled_from(("", "", "", "? ")))
            key_text = opener + draw(written_scalar(key, inner)).replace("\n", " ")
            if value[0] == "scalar" or draw(st.integers(0, 4)) == 0:
                lines.append(f"{pad}{key_text}: {draw(written(value, inner))}")
            else:
                lines.append(f"{pad}{key_text}:" + draw(written(value, inner)))
            if draw(st.integers(0, 9)) == 0:
                lines.append(pad + draw(st.sampled_from(("# a comment", "#", "", "   ", "\t", "---", "...", "%YAML 1.1"))))
    return decoration.rstrip() + "\n" + "\n".join(lines)


@functools.cache  # strategies are built once, not at every draw
def contract_value(key: str) -> st.SearchStrategy:
    """A plausible value for `key`, right or wrong in the ways contributors get it wrong."""
    slug = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,6}){0,2}", fullmatch=True)
    plausible = {
        "id": slug | st.sampled_from(("Call Date", "call_date", "-x", "x--y", "é", "1" * 90)),
        "type": st.sampled_from(("context", "fact-check", "fact_check", "Context", "note", "")),
        "verdict": st.sampled_from(("accurate", "mostly-accurate", "missing-context", "misleading", "incorrect",
                                    "unverified", "false", "no", "Incorrect", "mostly accurate")),
        "category": st.sampled_from(("person", "organization", "place", "event", "document", "concept", "thing")),
        "url": st.sampled_from(("https://example.org/a", "http://example.org", "ftp://x", "javascript:alert(1)",
                                "example.org", "https://", "https:// x")),
        "date": st.sampled_from(("2025-08-21", "2025-13-01", "21/08/2025", "2025-08-21T10:00:00", "2025")),
        "published": st.sampled_from(("2025-08-21", "2025-02-30", "yesterday", "2025-08-21 10:00")),
        "reviewed": st.sampled_from(("2025-09-01", "2025-13-01", "")),
        "quote": st.sampled_from(("Moscow said no", "veto", "said", "security guarantee", "no such words")) | TEXT,
        "prefix": st.sampled_from(("Moscow", "to a", "")) | TEXT,
        "suffix": st.sampled_from(("no", "on July", "")) | TEXT,
        "body": st.sampled_from(("x", "See [veto](glossary:veto).", "[a](glossary:missing)", "<script>x</script>",
                                 "[p](other.md)", "# Heading\n\ntext", "![i](javascript:x)")) | TEXT,
        "definition": st.sampled_from(("A veto. Then more.", "U.S. policy. Yes.", "[x](glossary:veto)")) | TEXT,
    }
    node = plausible.get(key, TEXT).map(scalar_node)
    if key in ("summary", "original"):
        return st.one_of(entry(("bottom_line", "known", "unknown")) if key == "summary" else entry(("title", "url", "publisher", "date")), NODES)
    if key in ("corrections", "retired"):
        fields = ("date", "note") if key == "corrections" else ("id", "date", "note")
        return st.one_of(st.lists(entry(fields), max_size=3).map(lambda items: ("seq", items)), NODES)
    if key in ("terms", "see_also", "aliases", "replaces", "known", "unknown"):
        node = st.lists(st.sampled_from(("veto", "nato", "security-guarantee", "missing", "Veto")) | TEXT,
                        max_size=3).map(lambda items: ("seq", [scalar_node(i) for i in items]))
    if key == "sources":
        source = st.lists(st.sampled_from(("title", "url", "publisher", "date", "titel")), unique=True, max_size=4).flatmap(
            lambda keys: st.tuples(*[contract_value(k) for k in keys]).map(lambda values: ("map", list(zip(keys, values)))))
        node = st.lists(source | NODES, max_size=3).map(lambda items: ("seq", items))
    return st.one_of(node, node, node, NODES)


@functools.cache
def entry(keys: tuple[str, ...]) -> st.SearchStrategy:
    return st.lists(st.sampled_from(keys), unique=True, max_size=len(keys)).flatmap(
        lambda chosen: st.tuples(*[contract_value(k) for k in chosen]).map(lambda values: ("map", list(zip(chosen, values)))))


ANNOTATION_ENTRY = entry(("id", "type", "quote", "prefix", "suffix", "title", "claim", "verdict", "body", "sources",
                          "terms", "corrections", "replaces"))
CONTRACT_TREES = st.one_of(
    st.tuples(st.lists(ANNOTATION_ENTRY, max_size=4), st.lists(st.sampled_from(("summary", "retired")), unique=True)).flatmap(
        lambda pair: st.tuples(*[contract_value(k) for k in pair[1]]).map(
            lambda values: ("map", [("annotations", ("seq", pair[0])), *zip(pair[1], values)]))),
    st.lists(entry(("id", "term", "aliases", "category", "definition", "see_also", "sources", "corrections")),
             max_size=4).map(lambda entries: ("map", [("terms", ("seq", entries))])),
)
FRONT_MATTER_TREES = entry(("title", "published", "reviewed", "original", "provenance", "summary"))


@st.composite
def damaged(draw, text: str) -> bytes:
    """`text` as a file, with the damage files pick up on their way: encodings, line endings, stray bytes."""
    text = text.replace("\n", draw(st.sampled_from(("\n", "\n", "\n", "\r\n", "\r", "\u2028", "\x85"))))
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(("insert", "delete", "tab", "cut")))
        if action == "insert":
            text = text[:at] + draw(st.sampled_from(("\x00", "\x1b[31m", "\t", "\ufeff", "\ud800", "\x7f", "\x85", "\u2029",
                                                     "\ufffe", "[" * 50, "{a: " * 45, "- " * 60, "'", '"', ": ", "\n  ", "\n"))) + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 5)):]
        elif action == "tab":
            text = text[:at] + "\t" + text[at:].lstrip(" ")
        else:
            text = text[:at]
    data = text.encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 4)) == 0:
        data = draw(st.sampled_from((b"\xef\xbb\xbf", b"\xef\xbb\xbf\xef\xbb\xbf", b"\xff\xfe", b""))) + data
    if draw(st.integers(0, 6)) == 0:
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.sampled_from((b"\xff", b"\xc3\x28", b"\x80", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xe2\x82"))) + data[at:]
    return data


@st.composite
def yaml_shaped(draw) -> bytes:
    tree = draw(st.one_of(NODES, CONTRACT_TREES, CONTRACT_TREES))
    text = draw(written(tree)).lstrip("\n")
    if draw(st.integers(0, 9)) == 0:
        text = draw(st.sampled_from(("%YAML 1.1\n---\n", "---\n", "--- ", "%TAG ! tag:x,2000:\n---\n"))) + text
    if draw(st.integers(0, 9)) == 0:
        text += draw(st.sampled_from(("\n...\n", "\n---\n", "\n---\nmore: 1\n", "\n--- [a]\n")))
    return draw(damaged(text))


def deeply_nested() -> st.SearchStrategy[bytes]:
    depth = st.integers(30, 1200)
    return st.one_of(
        depth.map(lambda n: ("[" * n + "]" * n).encode()),
        depth.map(lambda n: ("[" * n).encode()),
        depth.map(lambda n: ("{a: " * n + "}" * n).encode()),
        st.integers(30, 200).map(lambda n: "".join(" " * i + "- \n" for i in range(0, 2 * n, 2)).encode()),
        st.integers(30, 200).map(lambda n: "".join(" " * i + "k:\n" for i in range(n)).encode()),
    )


ANY_FILE = st.one_of(st.binary(max_size=300), yaml_shaped(), yaml_shaped(), yaml_shaped(), deeply_nested())
FOLDERS = st.one_of(
    st.tuples(st.sampled_from(FILES), ANY_FILE).map(lambda pair: dict([pair])),
    st.fixed_dictionaries({"page.yml": ANY_FILE, "glossary.yml": ANY_FILE}),
)


# --- Properties -------------------------------------------------------------------


def share_of_the_profile(share: float) -> settings:
    """Fewer examples than the profile (tests/conftest.py) asks, for a slow property; never more."""
    return settings(max_examples=max(1, int(settings.default.max_examples * share)))


def build_from(files: dict[str, bytes]) -> tuple[ExplainerBuild, list[Problem]]:
    """Load an annotations folder holding `files`; annotate a page with it; every problem met on the way."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "annotations"
        folder.mkdir()
        for name, data in files.items():
            (folder / name).write_bytes(data)
        build = ExplainerBuild.load(folder, "annotations", {"page.md"}, Settings())
    problems = list(build.problems)
    problems += build.annotate(PAGE_HTML, "page.md").problems
    build.generated_pages()
    build.claim_review_script("page.md", "Page")
    return build, problems


def assert_located(problems: list, files: dict[str, bytes]) -> None:
    for problem in problems:
        assert isinstance(problem, Problem), problem
        line = str(problem)
        assert LOCATED.fullmatch(line), line
        assert len(line.splitlines()) == 1, line
        name = problem.path.removeprefix("annotations/")
        assert name in files, line
        # Lines as any reader of the file counts them (\n, \r\n, \r, NEL, U+2028...), plus the end of the file.
        lines = len(files[name].decode("utf-8", "replace").splitlines())
        assert 1 <= problem.line <= lines + 1, line
        assert problem.col >= 1, line
        assert len(problem.message) <= MESSAGE_LIMIT, line


@given(st.binary(max_size=2000), st.sampled_from(FILES))
def test_any_bytes_give_located_problems_and_nothing_else(data, name):
    files = {name: data}
    assert_located(build_from(files)[1], files)


@given(FOLDERS)
def test_yaml_shaped_files_give_located_problems_and_nothing_else(files):
    assert_located(build_from(files)[1], files)


@given(st.tuples(st.sampled_from(FILES), CONTRACT_TREES.flatmap(written)).map(lambda pair: {pair[0]: pair[1].encode()}))
def test_contract_shaped_files_give_located_problems_and_nothing_else(files):
    # Undamaged: these files mostly parse, so their problems come from validation and anchoring.
    assert_located(build_from(files)[1], files)


@share_of_the_profile(0.2)  # a few shapes, each slow to parse at depth 1,000
@given(deeply_nested(), st.sampled_from(FILES))
def test_deep_nesting_gives_located_problems_and_nothing_else(data, name):
    files = {name: data}
    assert_located(build_from(files)[1], files)


@pytest.mark.parametrize("text", ["!!float", "!!int ''", "!!int +"])
def test_a_number_tag_on_an_empty_value_is_a_located_problem(text):
    files = {"page.yml": text.encode()}
    assert_located(build_from(files)[1], files)


@pytest.mark.parametrize("text", ["!!bool x", "!!timestamp x"])
def test_a_scalar_tag_on_a_value_it_does_not_fit_is_a_located_problem(text):
    # Found by the properties above: PyYAML's constructors raised KeyError and AttributeError here.
    files = {"page.yml": text.encode()}
    assert_located(build_from(files)[1], files)


@given(st.one_of(FRONT_MATTER_TREES.flatmap(written).map(str.encode), yaml_shaped(), st.binary(max_size=300)))
def test_a_pages_front_matter_gives_located_problems_and_nothing_else(data):
    # A page's front matter is YAML too (published, reviewed, original): its problems name the page.
    text = data.decode("utf-8", "replace")
    source = f"---\n{text}\n---\n\n# Title\n"
    build = ExplainerBuild.load(Path("no-annotations-folder"), "annotations", {"page.md"}, Settings())
    for problem in build.annotate(PAGE_HTML, "page.md", source).problems:
        line = str(problem)
        assert re.fullmatch(r"docs/page\.md:\d+:\d+: .+", line) and len(line.splitlines()) == 1, line
        assert 1 <= problem.line <= len(source.splitlines()) + 1 and problem.col >= 1, line
        assert len(problem.message) <= MESSAGE_LIMIT, line
