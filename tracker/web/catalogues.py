"""The compiled message catalogues (.mo) the interface reads, made from the .po files when
missing or older: `make` compiles them, but an app started another way (`flask serve` in a
new clone) would otherwise show every English page in Ukrainian, without a word why."""
from __future__ import annotations

import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)


def ensure_compiled(directory: Path) -> list[Path]:
    """Compile each ``<locale>/LC_MESSAGES/messages.po`` whose .mo is missing or older;
    the .mo files written. A directory that cannot be written is reported in the log (the
    pages then fall back to the Ukrainian text)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    written = []
    for po in sorted(directory.glob("*/LC_MESSAGES/messages.po")):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        try:
            with po.open("rb") as source:
                catalog = read_po(source, locale=po.parent.parent.name)
            # Written aside and moved in: a process starting meanwhile (test workers, a
            # second gunicorn worker) reads the old file or the new one, never half of one.
            partial = mo.with_name(f".{mo.name}.{os.getpid()}")
            with partial.open("wb") as target:
                write_mo(target, catalog)
            os.replace(partial, mo)
        except OSError as exc:
            log.warning("translations: %s is not compiled (%s): run `make install`", po, exc)
            continue
        written.append(mo)
    return written
