"""Chart geometry for server-rendered SVG. Pure: numbers in, shapes out.

The templates draw the shapes; nothing here builds markup, so labels stay escaped and the
page needs no script, no CDN and no inline style.
"""
from __future__ import annotations

from ..core.i18n import gettext as _
from .labels import month_label

#: Below this slot width (SVG units = CSS px: the charts are drawn at their own size), a
#: month's label «лист. 2026» is written on two lines, the year under the month.
_ONE_LINE_SLOT = 72

PALETTE = ["#1f5fbf", "#2e8b57", "#c77c02", "#8e44ad", "#b3261e", "#17808a", "#5a6478"]


def _nice_max(value: int) -> int:
    if value <= 5:
        return max(value, 1)
    step = 10 ** (len(str(value)) - 1)
    return ((value + step - 1) // step) * step


def _ticks(top: int, plot_h: float) -> list[dict]:
    """Gridlines at whole numbers: every unit for small counts, quarters otherwise."""
    steps = range(top + 1) if top <= 8 else [top * t // 4 for t in range(5)]
    return [{"y": round(plot_h - plot_h * v / top, 1), "value": v} for v in steps]


def _month(month: str, slot: float, locale: str) -> tuple[str, list[str]]:
    """A month's label and its lines: one line when the slot is wide enough, else two."""
    label = month_label(month, locale)
    lines = [label] if slot >= _ONE_LINE_SLOT else label.rsplit(None, 1)
    return label, lines


def stacked_bars(series: dict[str, dict[str, int]], keys: list[str], labels: dict[str, str],
                 width: int = 720, height: int = 230, left: int = 36,
                 locale: str = "uk") -> dict:
    """One bar per period (x, a "YYYY-MM" month), stacked by ``keys``."""
    periods = sorted(series)
    top = _nice_max(max((sum(series[p].values()) for p in periods), default=0))
    plot_w, plot_h = width - left - 8, height - 40
    slot = plot_w / max(len(periods), 1)
    bars = []
    for i, p in enumerate(periods):
        name, lines = _month(p, slot, locale)
        y, segments = plot_h, []
        for j, key in enumerate(keys):
            count = series[p].get(key, 0)
            if not count:
                continue
            h = plot_h * count / top
            y -= h
            segments.append({"y": round(y, 1), "h": round(h, 1), "color": PALETTE[j % len(PALETTE)],
                             "title": f"{name}: {labels.get(key, key)} — {count}"})
        bars.append({"x": round(left + i * slot + slot * 0.15, 1), "w": round(slot * 0.7, 1),
                     "label": name, "lines": lines, "segments": segments,
                     "total": sum(series[p].values())})
    ticks = _ticks(top, plot_h)
    legend = [{"label": labels.get(k, k), "color": PALETTE[j % len(PALETTE)]}
              for j, k in enumerate(keys)]
    return {"width": width, "height": height, "left": left, "plot_h": plot_h, "bars": bars,
            "ticks": ticks, "legend": legend}


#: About how wide a character of a 12 px label is, in SVG units (a sans-serif's average,
#: rounded up: a column sized by it never cuts a label).
_CHAR_W = 7
#: The widest label column; a longer label is written on two lines.
_MAX_LABEL_W = 300


def _label_lines(label: str, max_chars: int) -> list[str]:
    """A bar's label on one line, or on two split at the space nearest its middle."""
    if len(label) <= max_chars or " " not in label:
        return [label]
    middle = len(label) // 2
    cut = min((i for i, ch in enumerate(label) if ch == " "), key=lambda i: abs(i - middle))
    return [label[:cut], label[cut + 1:]]


def horizontal_bars(counts: dict[str, int], labels: dict[str, str], width: int = 520,
                    bars_w: int = 330, row_h: int = 24) -> dict:
    """One bar per key, its label on the left. The label column is as wide as the longest
    label (two lines beyond ``_MAX_LABEL_W``), so no label is cut in any language; the
    chart widens to keep ``bars_w`` for the bars."""
    top = max(counts.values(), default=0) or 1
    lines = [_label_lines(str(labels.get(key, key)), _MAX_LABEL_W // _CHAR_W) for key in counts]
    longest = max((len(line) for ls in lines for line in ls), default=0)
    label_w = min(max(longest * _CHAR_W + 12, 120), _MAX_LABEL_W + 12)
    if any(len(ls) > 1 for ls in lines):
        row_h += 14
    width = max(width, label_w + bars_w)
    rows = []
    for i, (key, count) in enumerate(counts.items()):
        w = (width - label_w - 48) * count / top
        y = i * row_h
        rows.append({"y": y, "w": round(w, 1), "label": labels.get(key, key),
                     "lines": lines[i], "count": count, "color": PALETTE[i % len(PALETTE)],
                     "bar_y": y + (row_h - 16) / 2, "text_y": y + row_h / 2 + 4,
                     "first_y": y + row_h / 2 + 4 - 7 * (len(lines[i]) - 1)})
    return {"width": width, "height": row_h * len(rows) + 4, "label_w": label_w, "rows": rows,
            "row_h": row_h}


def share_bars(answered: dict[str, dict[str, int]], width: int = 720, height: int = 210,
               left: int = 36, locale: str = "uk") -> dict:
    """Per month, the share answered on time (0–100 %)."""
    months = sorted(answered)
    plot_w, plot_h = width - left - 8, height - 40
    slot = plot_w / max(len(months), 1)
    bars = []
    for i, m in enumerate(months):
        name, lines = _month(m, slot, locale)
        total = answered[m]["on_time"] + answered[m]["late"]
        share = 100 * answered[m]["on_time"] / total if total else 0
        h = plot_h * share / 100
        bars.append({"x": round(left + i * slot + slot * 0.2, 1), "w": round(slot * 0.6, 1),
                     "y": round(plot_h - h, 1), "h": round(h, 1), "label": name,
                     "lines": lines, "share": round(share),
                     "title": _("%(month)s: вчасно %(on_time)s з %(total)s", month=name,
                                on_time=answered[m]["on_time"], total=total),
                     "color": "#2e8b57" if share >= 90 else ("#c77c02" if share >= 70 else "#b3261e")})
    ticks = [{"y": round(plot_h - plot_h * t / 4, 1), "value": 25 * t} for t in range(5)]
    return {"width": width, "height": height, "left": left, "plot_h": plot_h, "bars": bars,
            "ticks": ticks}
