"""The catalogues are complete: every string the code marks for translation is in the English
catalogue, translated and not fuzzy; the Ukrainian catalogue gives every plural entry its
three forms (1 запит, 2 запити, 5 запитів). Extraction runs in-process (as `pybabel extract`
with babel.cfg and the project's keywords) and writes nothing."""
from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
EN = ROOT / "translations" / "en" / "LC_MESSAGES" / "messages.po"
UK = ROOT / "translations" / "uk" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "N_": None, "lazy_gettext": None}


def _catalogue(path: Path):
    with path.open("rb") as f:
        return read_po(f)


def _scanned(path: str) -> bool:
    """As bin/po-fill: hidden folders and node_modules are skipped, but not "_macros" (Babel's
    default filter skips every folder starting with "_")."""
    name = Path(path).name
    return not name.startswith(".") and name not in ("node_modules", "__pycache__")


@pytest.fixture(scope="module")
def extracted() -> dict[str, tuple[str, int]]:
    """msgid (a plural's singular) → where it was found."""
    with (ROOT / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    found = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS,
            directory_filter=_scanned):
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid:
            found.setdefault(msgid, (filename, lineno))
    return found


def _strings(message) -> tuple:
    return message.string if isinstance(message.string, tuple) else (message.string,)


def test_every_extracted_string_is_translated_in_english(extracted):
    catalogue = {(m.id[0] if isinstance(m.id, tuple) else m.id): m
                 for m in _catalogue(EN) if m.id}
    problems = []
    for msgid, (filename, lineno) in sorted(extracted.items(), key=lambda kv: kv[1]):
        message = catalogue.get(msgid)
        if message is None:
            problems.append(f"{filename}:{lineno}: not in the catalogue: {msgid!r}")
        elif message.fuzzy or not all(_strings(message)):
            problems.append(f"{filename}:{lineno}: untranslated or fuzzy: {msgid!r}")
    assert not problems, (f"{len(problems)} of {len(extracted)} strings (run bin/po-fill):\n"
                          + "\n".join(problems))
    assert len(extracted) > 300


def test_no_fuzzy_or_empty_entry_in_english():
    bad = [m.id for m in _catalogue(EN) if m.id and (m.fuzzy or not all(_strings(m)))]
    assert not bad, f"{len(bad)} fuzzy or empty entries: {bad[:40]}"


def test_ukrainian_catalogue_gives_three_plural_forms():
    catalogue = _catalogue(UK)
    assert catalogue.num_plurals == 3
    bad = [m.id[0] for m in catalogue
           if isinstance(m.id, tuple) and (m.fuzzy or len(m.string) != 3 or not all(m.string))]
    assert not bad, f"plural entries without their three Ukrainian forms: {bad}"
    english = {m.id for m in _catalogue(EN) if isinstance(m.id, tuple)}
    assert english == {m.id for m in catalogue if isinstance(m.id, tuple)}, \
        "the catalogues disagree: run bin/po-fill"


@pytest.mark.parametrize("count, text", [
    (1, "1 запит надійшов"), (2, "2 запити надійшли"), (5, "5 запитів надійшло"),
    (11, "11 запитів надійшло"), (21, "21 запит надійшов"), (24, "24 запити надійшли")])
def test_ukrainian_counts_take_the_three_forms(app, count, text):
    from flask_babel import force_locale, ngettext
    with app.test_request_context(), force_locale("uk"):
        assert f"{count} {ngettext('запит надійшов', 'запитів надійшло', count)}" == text
