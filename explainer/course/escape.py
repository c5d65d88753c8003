"""One escaping helper per output language. Text from content files is data: whatever a course
author writes (``<script>``, quotes, ``]]>``), it reaches a page as text, never as markup."""

from __future__ import annotations

import json
from html import escape
from typing import Any
from urllib.parse import quote


def html(text: str) -> str:
    """Text inside an element or a quoted attribute."""
    return escape(text, quote=True)


def url_attr(path: str) -> str:
    """A relative path as a quoted attribute (spaces and the like percent-encoded)."""
    return escape(quote(path), quote=True)


def json_in_html(data: Any) -> str:
    """JSON to put inside a <script> element: "<" escaped, so no text can close the element
    or open a comment; U+2028/2029 escaped for old JavaScript parsers."""
    return (json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
