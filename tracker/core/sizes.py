"""File sizes as people read them. Pure."""
from .i18n import gettext as _


def file_size(size: int) -> str:
    """``14336`` → ``14 КБ``; ``2500000`` → ``2,4 МБ``; ``20971520`` → ``20 МБ`` (no ``,0``)."""
    if size < 1024 * 1024:
        return _("%(size)s КБ", size=max(1, round(size / 1024)))
    whole, tenth = f"{size / 1048576:.1f}".split(".")
    if tenth == "0":
        return _("%(size)s МБ", size=whole)
    return _("%(whole)s,%(tenth)s МБ", whole=whole, tenth=tenth)
