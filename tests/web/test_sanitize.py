"""Untrusted Markdown (document text, model output) is shown as text (issue 13)."""

from __future__ import annotations

import re

import pytest

from assistant.web.sanitize import safe_inline, safe_markdown

HOSTILE = [
    "![spårning](https://evil.example/pixel.png)",
    '<img src="https://evil.example/x.png" onerror="alert(1)">',
    "<img src=x>",
    "[klicka här](https://evil.example/phish)",
    "<https://evil.example/auto>",
    '<a href="https://evil.example/a">länk</a>',
    "<script>alert(1)</script>",
    '<iframe src="https://evil.example/f"></iframe>',
    "[ref]\n\n[ref]: https://evil.example/ref",
    '![x][bild]\n\n[bild]: https://evil.example/ref.png "t"',
    "<svg onload=alert(1)>",
    "[js](javascript:alert(1))",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_no_remote_image_link_or_html_survives(text: str) -> None:
    out = safe_markdown(f"Text före. {text} Text efter.")
    assert not re.search(r"<(img|a|script|iframe|svg|object|embed)\b", out, re.I)
    assert "Text före." in out and "Text efter." in out
    # Nothing a Markdown renderer could turn back into an image or a link.
    assert "](" not in out and "![" not in out


def test_links_and_images_show_their_target_as_text() -> None:
    out = safe_markdown(
        "Läs [vår sida](https://evil.example/phish) och ![logga](https://e.example/l.png)"
    )
    assert "vår sida" in out and "evil.example/phish" in out
    assert "logga" in out and "e.example/l.png" in out


def test_raw_html_is_escaped_not_dropped() -> None:
    out = safe_markdown('Före <img src="x"> efter')
    assert "&lt;img" in out


def test_ordinary_markdown_is_left_as_it_is() -> None:
    text = "**Fetstil** och *kursiv* [1]\n\n- en\n- två\n\n| A | B |\n|---|---|\n| 1 | 2 |"
    assert safe_markdown(text) == text


def test_hostile_markdown_keeps_its_form_in_one_html_block() -> None:
    out = safe_markdown(
        "**Fetstil** <b>x</b>\n\n- en\n- två\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n```\na\n\nb\n```"
    )
    assert "<strong>Fetstil</strong>" in out
    assert "<li>en</li>" in out and "<table>" in out
    assert "\n\n" not in out  # one HTML block: a Markdown renderer leaves it alone


def test_bare_urls_are_not_autolinked_by_a_later_markdown_pass() -> None:
    out = safe_markdown("Se https://evil.example/x och www.evil.example")
    assert "https://" not in out and "www.evil" not in out
    assert "evil.example/x" in out


def test_safe_inline_escapes_markdown_and_html() -> None:
    out = safe_inline("Titel ![x](https://evil.example/p.png) <b>fet</b> [l](http://e.example)")
    assert "<b>" not in out and "](" not in out and "https://" not in out
