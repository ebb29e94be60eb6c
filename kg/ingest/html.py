"""HTML -> visible text: scripts, styles and navigation dropped, blocks on their own lines."""
from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser as HTMLParser

#: Not read: code, navigation, forms, and ruby annotations (``<ruby>會<rt>huì</rt></ruby>``:
#: the reading in ``<rt>``, its fallback brackets in ``<rp>``) — the text is the characters.
DROP = "script, style, noscript, template, iframe, svg, canvas, nav, head, select, button, form, rt, rp"
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


#: Deeper element nesting than any real page: the HTML parser takes time growing with the
#: square of the depth (200,000 nested ``<div>`` took 100 s), so such a page is read flat.
MAX_DEPTH = 5_000
TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)[^<>]*?(/?)>")
#: Elements that never nest: void ones, those closed by the next of their kind (p, li, td),
#: and formatting ones (the parser caps their nesting itself).
FLAT = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "dt", "dd", "td", "th", "tr", "tbody", "thead", "tfoot", "option",
    "optgroup", "colgroup", "caption", "rb", "rt", "rp", "html", "head", "body", "a", "b", "big",
    "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
}


def nesting_depth(html: str, stop: int = MAX_DEPTH) -> int:
    """How deep elements nest (an estimate from the tags alone), counted up to ``stop``."""
    depth = deepest = 0
    for m in TAG.finditer(html):
        closing, name, selfclosing = m.groups()
        if selfclosing or name.lower() in FLAT:
            continue
        if closing:
            depth = max(0, depth - 1)
        else:
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > stop:
                    break
    return deepest


def flat_text(html: str) -> tuple[str, str]:
    """Visible text and title without building a tree (for pathological pages): tags
    dropped, block tags as line breaks, scripts and styles gone."""
    import html as entities

    title = re.search(r"<title[^<>]*>([^<]*)", html, re.I)
    text = re.sub(r"<(rt|rp)\b[^<>]*>.*?</\1\s*>", "", html, flags=re.I | re.S)  # ruby readings
    text = re.sub(r"<!--.*?-->|<(script|style|noscript|template|head)\b[^<>]*>.*?</\1\s*>", " ", text,
                  flags=re.I | re.S)
    blocks = "|".join(sorted(BLOCK))
    text = re.sub(rf"</?(?:{blocks})\b[^<>]*>", "\n", text, flags=re.I)
    text = entities.unescape(re.sub(r"<[^<>]*>", "", text))
    text = re.sub(r"[ \t\r\f\v]*\n[\s]*", "\n", text)
    return text.strip(), entities.unescape(title.group(1)).strip() if title else ""


def html_to_text(html: str, warnings: list[str] | None = None) -> tuple[str, str]:
    """Visible text of an HTML page and its ``<title>``; a page nested too deep for the
    parser is read flat (with a line in ``warnings``)."""
    if nesting_depth(html) > MAX_DEPTH:
        if warnings is not None:
            warnings.append(f"HTML nested more than {MAX_DEPTH:,} elements deep: read without its structure")
        return flat_text(html)
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
