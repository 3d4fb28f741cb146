"""File sizes as people read them. Pure."""


def file_size(size: int) -> str:
    """``14336`` → ``14 КБ``; ``2500000`` → ``2,4 МБ``."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} КБ"
    return f"{size / 1048576:.1f} МБ".replace(".", ",")
