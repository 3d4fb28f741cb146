"""Letter content → HTML (preview, print view, and the source of the PDF).

Jinja autoescaping does the escaping: the official's text is data, never markup or a template.
"""
from __future__ import annotations

from flask import render_template

from ..content import LetterContent


def render_html(content: LetterContent, *, standalone: bool = True, letterhead: bool = True,
                for_pdf: bool = False) -> str:
    return render_template("letters/letter.html", c=content, standalone=standalone,
                           letterhead=letterhead, for_pdf=for_pdf)
