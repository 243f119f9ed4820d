"""The one way annotation text reaches output: escaped for the context it lands in.

Annotation files are untrusted, so no text from them is ever written into
markup, JSON or XML except through a function here (or the templates, whose
autoescaping is this module's `html_text`). Which function depends on where
the text lands:

- element text and quoted attribute values: `html_text`, `html_attribute`;
- a query string of an address (prefilled forms): `url_query`;
- JSON inside a `<script>` element (JSON-LD): `script_json`; JSON for the
  page's script goes into a data attribute, `script_json` then `html_attribute`;
- XML (feeds): `xml_text`.

No function here writes into a `title` attribute: the theme renders titles as
HTML in its tooltips.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode
from xml.sax.saxutils import escape as _xml_escape

from markupsafe import escape as _markup_escape


def html_text(text: str) -> str:
    """Text as the content of an element: `<`, `>`, `&` and quotes become references."""
    return str(_markup_escape(text))


def html_attribute(text: str) -> str:
    """Text as a double-quoted attribute value (the same escaping: quotes included)."""
    return str(_markup_escape(text))


def url_query(base: str, params: dict[str, str]) -> str:
    """`base` with `params` as its percent-encoded query string."""
    return f"{base}?{urlencode(params)}" if params else base


# `<`, `>` and `&` as JSON escapes, so that no "</script>" or "<!--" can end
# or change the script element early; U+2028 and U+2029 for old parsers.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def script_json(data: Any, *, indent: int | None = None) -> str:
    """JSON safe to place inside a `<script>` element."""
    return json.dumps(data, ensure_ascii=False, indent=indent).translate(_SCRIPT_SAFE)


def xml_text(text: str) -> str:
    """Text as XML element content or a double-quoted attribute value."""
    return _xml_escape(text, {'"': "&quot;"})


def escaped_front_matter(value: Any) -> Any:
    """Every string of a page's front matter escaped as HTML, however deep.

    The theme writes front matter into pages as it finds it: the title into
    `<title>`, the header and the navigation, the description into an
    attribute, the status into a class. A page can come from a stranger's
    pull request, so every string is made inert before the theme sees it.
    """
    if isinstance(value, str):
        return html_text(value)
    if isinstance(value, dict):
        return {key: escaped_front_matter(item) for key, item in value.items()}
    if isinstance(value, list):
        return [escaped_front_matter(item) for item in value]
    return value


def usable_meta(meta: dict) -> dict:
    """`meta` without a `title` that cannot be one (empty, a number, a list...): the page then takes its
    first heading as its title, as if the line were not there. `front_matter.read_front_matter` reports the mistake."""
    title = meta.get("title")
    if "title" not in meta or (isinstance(title, str) and title.strip()):
        return meta
    return {key: value for key, value in meta.items() if key != "title"}
