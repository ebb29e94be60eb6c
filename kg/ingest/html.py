"""HTML -> visible text: scripts, styles and navigation dropped, blocks on their own lines."""
from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser as HTMLParser

DROP = "script, style, noscript, template, iframe, svg, canvas, nav, head, select, button, form"
BLOCK = {
    "p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6",
    "section", "article", "header", "footer", "blockquote", "pre", "dd", "dt", "dl", "td", "th", "title",
}


def looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith("<!doctype html") or head.startswith("<html") or bool(
        re.search(r"<(?:body|p|div|meta|head)\b", head)
    )


def html_title(tree: HTMLParser) -> str:
    node = tree.css_first("title")
    return node.text(strip=True) if node is not None else ""


def html_to_text(html: str) -> tuple[str, str]:
    """Visible text of an HTML page and its ``<title>``."""
    tree = HTMLParser(html)
    title = html_title(tree)
    for node in tree.css(DROP):
        node.decompose()
    root = tree.body or tree.root
    if root is None:
        return "", title
    parts: list[str] = []
    for node in root.traverse(include_text=True):
        tag = node.tag
        if tag == "-text":
            parts.append(node.text_content or "")
        elif tag in BLOCK:
            parts.append("\n")
    text = "".join(parts)
    text = re.sub(r"[ \t\r\f\v]*\n[\s]*", "\n", text)
    return text.strip(), title
