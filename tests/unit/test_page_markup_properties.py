"""A page's active markup removed, checked against a browser's parser (hypothesis, html5lib).

Pages are the generated HTML of the tokenizer's own property tests, with
active markup put in at random places: event handlers, script addresses in
every spelling, and the elements that run script or load a document. What
html5lib (the WHATWG parsing algorithm) reads of the cleaned page must hold
none of them; and a page that holds none is kept as written.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from test_htmltokens_properties import DOCUMENT, ascii_lower, casing, parse

from explainer.htmltokens import serialize, tokenize
from explainer.links import as_browsers_read
from explainer.page_markup import ACTIVE_ELEMENTS, without_active_markup

HANDLERS = st.sampled_from(["onerror", "ONLOAD", "onMouseOver", "onfocus", "ontoggle", "onbegin", "onclick", "onanimationstart"])
ADDRESSES = st.sampled_from([
    "javascript:go()", "JaVaScRiPt:go()", " javascript:go()", "\x01javascript:go()", "java&#x09;script:go()",
    "java\nscript:go()", "&#106;avascript:go()", "javascript&colon;go()", "&#x6A;avascript&#58;go()", "vbscript:go()",
    "data:text/html,&lt;script&gt;go()&lt;/script&gt;", "DATA:text/html;base64,PHNjcmlwdD4=",
])
ADDRESS_ATTRIBUTES = st.sampled_from(["href", "src", "xlink:href", "action", "formaction", "data", "to", "values", "poster"])
HOLDERS = st.sampled_from(["img", "a", "div", "svg", "math", "details", "p", "span", "video", "input", "button", "animate"])
_IMAGE_SOURCES = {("img", "src"), ("img", "srcset"), ("source", "src"), ("source", "srcset")}


@st.composite
def active(draw) -> str:
    kind = draw(st.sampled_from(["handler", "address", "element"]))
    holder = draw(casing(draw(HOLDERS)))
    if kind == "handler":
        return f'<{holder} {draw(HANDLERS)}="go()">'
    if kind == "address":
        return f'<{holder} {draw(ADDRESS_ATTRIBUTES)}="{draw(ADDRESSES)}">'
    name = draw(st.sampled_from(sorted(ACTIVE_ELEMENTS)))
    return f"<{draw(casing(name))} src=x>go()</{name}>"


PAGES = st.lists(st.one_of(DOCUMENT, active()), min_size=1, max_size=6).map("".join)


def what_runs(markup: str) -> list[str]:
    """What a browser would run, or load, of `markup`, as html5lib parses it."""
    found = []
    for element in parse(markup).iter():
        if not isinstance(element.tag, str):
            continue  # a comment
        name = ascii_lower(element.tag.rpartition("}")[2])
        if name in ACTIVE_ELEMENTS:
            found.append(f"<{name}>")
        for attribute, value in element.attrib.items():
            attribute = ascii_lower(attribute.rpartition("}")[2])  # {the XLink namespace}href
            address = as_browsers_read(value).lower()
            if attribute.startswith("on") or attribute == "srcdoc":
                found.append(f"{name} {attribute}=")
            elif address.startswith(("javascript:", "vbscript:")) or (
                    address.startswith("data:") and not (address.startswith("data:image/") and (name, attribute) in _IMAGE_SOURCES)):
                found.append(f"{name} {attribute}={value!r}")
    return found


@given(PAGES)
def test_what_a_browser_reads_of_a_cleaned_page_runs_nothing(markup):
    cleaned, _ = without_active_markup(tokenize(markup))
    assert what_runs(serialize(cleaned)) == []


@given(DOCUMENT)
def test_a_page_that_runs_nothing_is_kept_as_written(markup):
    if not what_runs(markup):
        cleaned, removed = without_active_markup(tokenize(markup))
        assert removed == [] and serialize(cleaned) == markup
