"""An app started without `make` still reads its translations: the .mo files are made from
the .po files when missing or older."""
import gettext
import os
import shutil
from pathlib import Path

from tracker.web.catalogues import ensure_compiled

ROOT = Path(__file__).resolve().parents[2] / "translations"


def test_missing_or_stale_catalogues_are_compiled(tmp_path):
    shutil.copytree(ROOT, tmp_path / "translations",
                    ignore=shutil.ignore_patterns("*.mo"))
    target = tmp_path / "translations"
    written = ensure_compiled(target)
    assert {p.parent.parent.name for p in written} == {"en", "uk"}
    with (target / "en/LC_MESSAGES/messages.mo").open("rb") as mo:
        english = gettext.GNUTranslations(mo)
    assert english.gettext("Огляд") == "Dashboard"
    assert ensure_compiled(target) == []  # current: left alone
    po = target / "en/LC_MESSAGES/messages.po"
    later = po.with_suffix(".mo").stat().st_mtime + 10  # the .po edited after compiling
    os.utime(po, (later, later))
    assert ensure_compiled(target) == [po.with_suffix(".mo")]
