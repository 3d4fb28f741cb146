"""Attachments on the public forms: an honest total, and a post over it answered with the
form again rather than a bare 413.

The app refuses a body over MAX_CONTENT_LENGTH before anything of it is read, so a person
whose files are too big would lose everything typed. The public form and the reply form
instead read a body up to the most their hint allows (PUBLIC_MAX_FILES files of
REQUEST_FILE_MAX_BYTES each), keep the typed fields, and stop storing files past
PUBLIC_UPLOAD_MAX_BYTES (the total the hint states): the view then shows the form again with
what was typed and says the files were not taken. A body past even that gets the public 413.
"""
from __future__ import annotations

import tempfile
from dataclasses import dataclass

from flask import current_app, g, request

IN_MEMORY = 500 * 1024  # as Werkzeug: larger files go to a temporary file


@dataclass
class Budget:
    """How many bytes of files this post may store, and whether it went over."""
    limit: int
    used: int = 0
    over: bool = False

    def take(self, size: int) -> bool:
        if self.over or self.used + size > self.limit:
            self.over = True
            return False
        self.used += size
        return True


class _CappedFile(tempfile.SpooledTemporaryFile):
    """An uploaded file's store that keeps nothing once the post's budget is spent."""

    def __init__(self, budget: Budget):
        super().__init__(max_size=IN_MEMORY)
        self._budget = budget

    def write(self, data) -> int:
        if self._budget.take(len(data)):
            return super().write(data)
        return len(data)  # read and dropped: the view refuses the files


def total_limit() -> int:
    return int(current_app.config["PUBLIC_UPLOAD_MAX_BYTES"])


def read_limit() -> int:
    """The most of a post that is read (above: the 413 page): what the hint's per-file
    rule allows, and room for the fields."""
    cfg = current_app.config
    return max(int(cfg["PUBLIC_MAX_FILES"]) * int(cfg["REQUEST_FILE_MAX_BYTES"]),
               total_limit()) + 1024 * 1024


def prepare() -> None:
    """Before anything reads the body (the CSRF check does): read up to ``read_limit`` and
    store files up to the total."""
    budget = Budget(total_limit())
    g.public_upload = budget
    request.max_content_length = read_limit()

    def stream(total_content_length, content_type, filename=None, content_length=None):
        return _CappedFile(budget)
    request._get_file_stream = stream  # the form parser asks the request for its streams


def over_total() -> bool:
    """Whether this post's files went over the total (and so were not kept)."""
    budget = g.get("public_upload")
    return bool(budget and budget.over)


def files_were_sent() -> bool:
    """Whether the post carried attachments (a browser cannot put them back in the form)."""
    return request.method == "POST" and (over_total() or any(
        f and f.filename for name in request.files for f in request.files.getlist(name)))
