"""Letter content → PDF with WeasyPrint, in the bundled Liberation Serif (Times New Roman's
metrics; static/fonts), embedded — the same on every server, system fonts or none."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from urllib.parse import unquote, urlsplit

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from ..content import LetterContent
from .html import render_html

STATIC = Path(__file__).resolve().parents[3] / "static"
STYLESHEET = STATIC / "css" / "letter.css"


class StaticOnlyFetcher(URLFetcher):
    """Lets WeasyPrint read the app's own static files and nothing else: no network, no
    other file — so escaping is not the only barrier should markup ever reach a letter."""

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        path = Path(unquote(parts.path)).resolve() if parts.scheme == "file" else None
        if path is None or not path.is_relative_to(STATIC):
            raise ValueError(f"Letters may use only the app's static files, not {url[:200]}")
        return super().fetch(url, headers)


@lru_cache(maxsize=1)
def _stylesheet() -> tuple[CSS, FontConfiguration]:
    # @font-face needs the same FontConfiguration for the stylesheet and the rendering.
    fonts = FontConfiguration()
    return CSS(filename=str(STYLESHEET), url_fetcher=StaticOnlyFetcher(), font_config=fonts), fonts


def render_pdf(content: LetterContent) -> bytes:
    html = render_html(content, standalone=True, for_pdf=True)
    stylesheet, fonts = _stylesheet()
    return HTML(string=html, base_url=str(STATIC) + "/", url_fetcher=StaticOnlyFetcher()
                ).write_pdf(stylesheets=[stylesheet], font_config=fonts)
