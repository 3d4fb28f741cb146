"""Letter content → PDF with WeasyPrint, in the bundled Liberation Serif (Times New Roman's
metrics; static/fonts), embedded — the same on every server, system fonts or none.

A council's blank (the same DOCX the DOCX renderer writes the letter into) is drawn as the
head: render/letterhead.py reads its paragraphs and pictures, and the pictures reach
WeasyPrint from memory under the private ``letterhead:N`` scheme."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from urllib.parse import unquote, urlsplit

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from ..content import LetterContent
from .html import render_html
from .letterhead import SCHEME, HeadImage, read_letterhead

STATIC = Path(__file__).resolve().parents[3] / "static"
STYLESHEET = STATIC / "css" / "letter.css"


class StaticOnlyFetcher(URLFetcher):
    """Lets WeasyPrint read the app's own static files and nothing else: no network, no
    other file — so escaping is not the only barrier should markup ever reach a letter.

    ``images``: the blank's pictures, answered from memory for ``letterhead:N`` (N their
    index); any other ``letterhead:`` address is refused like any other URL."""

    def __init__(self, images: list[HeadImage] | tuple[HeadImage, ...] = (), **kwargs):
        super().__init__(**kwargs)
        self._images = tuple(images)

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme == SCHEME:
            index = parts.path
            if index.isascii() and index.isdigit() and int(index) < len(self._images) \
                    and not (parts.query or parts.fragment or parts.netloc):
                image = self._images[int(index)]
                return URLFetcherResponse(url, image.data, {"Content-Type": image.mime})
            raise ValueError(f"No letterhead image {url[:200]}")
        path = Path(unquote(parts.path)).resolve() if parts.scheme == "file" else None
        if path is None or not path.is_relative_to(STATIC):
            raise ValueError(f"Letters may use only the app's static files, not {url[:200]}")
        return super().fetch(url, headers)


@lru_cache(maxsize=1)
def _stylesheet() -> tuple[CSS, FontConfiguration]:
    # @font-face needs the same FontConfiguration for the stylesheet and the rendering.
    fonts = FontConfiguration()
    return CSS(filename=str(STYLESHEET), url_fetcher=StaticOnlyFetcher(), font_config=fonts), fonts


def render_pdf(content: LetterContent, letterhead: bytes | None = None) -> bytes:
    """The letter as PDF; ``letterhead``: the council's blank DOCX, drawn as the head."""
    head = read_letterhead(letterhead) if letterhead else None
    html = render_html(content, standalone=True, for_pdf=True, head=head)
    stylesheet, fonts = _stylesheet()
    fetcher = StaticOnlyFetcher(images=head.images if head else ())
    return HTML(string=html, base_url=str(STATIC) + "/", url_fetcher=fetcher
                ).write_pdf(stylesheets=[stylesheet], font_config=fonts)
