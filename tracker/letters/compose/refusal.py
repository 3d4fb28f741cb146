"""Refusal (Art. 22 parts 1 and 4)."""
from __future__ import annotations

from ..content import LetterContent
from ..legal import LAW, REFUSAL_GROUNDS, appeal
from .common import Common, RequestInfo, base, opening, responsible, sentence


def compose_refusal(c: Common, r: RequestInfo, ground: str, explanation: str) -> LetterContent:
    """Refusal: the five items of Art. 22 part 4 and the appeal wording of Art. 23."""
    basis, meaning = REFUSAL_GROUNDS[ground]
    return base("refusal", c, r, [
        f"{opening(r)} про відмову в його задоволенні.",
        f"1. Посадова особа, відповідальна за розгляд запиту: {responsible(c)}.",
        f"2. Дата відмови: {c.today:%d.%m.%Y}.",
        f"3. Підстава відмови: {basis} {LAW} — {meaning}. {sentence(explanation)}",
        f"4. Порядок оскарження: {appeal(c.council.head_title)}",
    ])
