"""Show untrusted Markdown (document text, model output) as text that cannot act.

Text quoted from an ingested document and text a language model wrote may hold
Markdown images (fetched by the browser as soon as they are shown: a tracking
beacon to any host), links and raw HTML. Before such text reaches the chat:

* Markdown without images, links, raw HTML or web addresses is left as it is
  (the common case: answers with tables, bold text and ``[n]`` markers);
* anything else is rendered here, by markdown-it-py with raw HTML off, to HTML
  in which an image becomes the text ``[bild: alt] (address)``, a link becomes
  its text followed by its address in a code span (shown, not clickable), and
  raw HTML is escaped. The result is then cleaned by nh3 (the Rust ammonia
  sanitiser) with an allowlist that has no ``img``, no ``a`` and no attributes,
  so nothing in it can load or run. Web addresses and Markdown brackets in the
  text are written as character references, so Gradio's own Markdown pass
  cannot turn them back into links.

nh3 was chosen over bleach (deprecated since 2023) and over hand-written
regular expressions: markdown-it parses Markdown as CommonMark does, and nh3
removes whatever the rendering might still let through.

Example:
    >>> safe_markdown("Se ![x](https://e.example/p.png)")
    '<p>Se <code>&#91;bild: x&#93;</code> (<code>https&#58;//e.example/p.png</code>)</p>'
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

#: Token types that make a text risky to hand to a Markdown renderer as it is.
_RISKY = {"image", "link_open", "html_inline", "html_block"}
#: What the cleaned HTML may contain: structure and emphasis, no attributes.
_TAGS = {
    "p", "br", "hr", "strong", "em", "del", "s", "code", "pre", "blockquote", "ul", "ol",
    "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
    "sub", "sup",
}  # fmt: skip
#: Web addresses, and link or image syntax even where CommonMark would not make a
#: link of it (``[x](javascript:...)``): another renderer might.
_WEB = re.compile(r"://|\bwww\.|\]\(|\]\[|!\[|<", re.IGNORECASE)
#: Characters written as references so no later Markdown pass reads them as syntax.
_INERT = {"[": "&#91;", "]": "&#93;", "!": "&#33;", "`": "&#96;", "*": "&#42;", "_": "&#95;"}


def _detector() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def _renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])

    def image(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        token = tokens[idx]
        alt = self.renderInlineAsText(token.children or [], options, env) or "bild"
        src = str(token.attrGet("src") or "")
        return f"<code>[bild: {html.escape(alt)}]</code>" + (
            f" (<code>{html.escape(src)}</code>)" if src else ""
        )

    def link_open(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        env.setdefault("links", []).append(str(tokens[idx].attrGet("href") or ""))
        return ""

    def link_close(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        href = env["links"].pop() if env.get("links") else ""
        return f" (<code>{html.escape(href)}</code>)" if href else ""

    md.add_render_rule("image", image)
    md.add_render_rule("link_open", link_open)
    md.add_render_rule("link_close", link_close)
    return md


_DETECT = _detector()
_RENDER = _renderer()


def _risky(tokens: Sequence[Token]) -> bool:
    for token in tokens:
        if token.type in _RISKY or (token.children and _risky(token.children)):
            return True
    return False


def _inert_text(fragment: str) -> str:
    """Character references for Markdown syntax and web addresses in HTML text."""
    for char, ref in _INERT.items():
        fragment = fragment.replace(char, ref)
    fragment = fragment.replace("://", "&#58;//")
    return re.sub(r"\b(www)\.", r"\1&#46;", fragment, flags=re.IGNORECASE)


def needs_sanitising(text: str) -> bool:
    """Whether ``text`` holds an image, a link, raw HTML or a web address."""
    if _WEB.search(text):
        return True
    # Links and images need "[", raw HTML needs "<" (caught above): text without them
    # is not parsed (streamed answers are checked after every delta).
    return "[" in text and _risky(_DETECT.parse(text))


def safe_markdown(text: str) -> str:
    """``text`` (untrusted Markdown) in a form a chat can render without risk.

    Returns the text unchanged when it holds nothing that could load or run;
    otherwise sanitised HTML in one block (no blank lines, so a Markdown
    renderer passes it through as it is).
    """
    if not needs_sanitising(text):
        return text
    rendered = _RENDER.render(text, {})
    cleaned = nh3.clean(rendered, tags=_TAGS, attributes={}, url_schemes=set(), link_rel=None)
    # Text between tags is made inert; tags themselves are left alone.
    parts = re.split(r"(<[^>]*>)", cleaned)
    cleaned = "".join(p if p.startswith("<") else _inert_text(p) for p in parts).strip()
    # A blank line would end the HTML block; keep the line break as a reference.
    while "\n\n" in cleaned:
        cleaned = cleaned.replace("\n\n", "\n&#10;")
    return cleaned


def safe_inline(text: str) -> str:
    """One line of untrusted text (a title, a label) that Markdown shows as written."""
    if not needs_sanitising(text) and not re.search(r"[<>\[\]!&`]", text):
        return text
    return _inert_text(html.escape(text, quote=False))
