"""Citations: "S/2016/501, para. 28", linked to that paragraph on the book's source-text page.

Anchors on the source-text page are built here and nowhere else, so a citation link and the
anchor it points at can never drift apart.
"""

from __future__ import annotations

import html

from isilbook.paths import slug

SOURCE_PAGE = "source.html"
# Characters that can open Markdown (MyST) inline syntax: links, images, emphasis, code, roles.
_MARKDOWN_INLINE = str.maketrans({c: f"&#{ord(c)};" for c in "\\`*_[]{}!|~$:"})


def html_text(text: str) -> str:
    """Text made inert for HTML that may also pass through Markdown (glued prose).

    ``html.escape`` keeps tags out; the characters that open Markdown inline syntax become
    character references, which Markdown shows as the characters themselves, so data text such
    as ``[x](https://...)`` inside a glued citation stays text instead of becoming a link.
    """
    return html.escape(text).translate(_MARKDOWN_INLINE)


def paragraph_anchor(document: str, paragraph: int) -> str:
    """The id of a paragraph on the source-text page."""
    return f"{slug(document)}-para-{int(paragraph)}"


def source_anchor(source_id: str) -> str:
    """The id of a whole source (used for press reports, which have no paragraph numbers)."""
    return f"source-{slug(source_id)}"


def citation_text(document: str, paragraph: int | None, source_label: str | None = None) -> str:
    """Plain citation: ``S/2016/501, para. 28``; for a press report, who reported it."""
    if paragraph is not None:
        return f"{document}, para. {int(paragraph)}"
    return f"{document}, as reported by {source_label}" if source_label else document


def citation_href(document: str, paragraph: int | None, source_id: str | None = None) -> str:
    if paragraph is not None:
        return f"{SOURCE_PAGE}#{paragraph_anchor(document, paragraph)}"
    return f"{SOURCE_PAGE}#{source_anchor(source_id or document)}"


def citation_html(document: str, paragraph: int | None, source_id: str | None = None,
                  source_label: str | None = None) -> str:
    """An HTML link to the cited paragraph (or press source), escaped (also for glued Markdown)."""
    text = html_text(citation_text(document, paragraph, source_label))
    href = html.escape(citation_href(document, paragraph, source_id))
    return f'<a class="isil-cite" href="{href}">{text}</a>'
