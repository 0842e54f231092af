"""The staff report's charts, written as inline SVG: stacked horizontal bars and stacked columns per hour.

Drawn by hand rather than by a plotting library: three small charts cost no
second of start-up, the same counts give the same bytes, and every text is
escaped here, so a stored text is only ever text (never markup or
mathematics). The report puts each chart beside its table (aria-hidden: the
table and the summary line say the same in words).
"""

from __future__ import annotations

from markupsafe import escape

WIDTH = 900
LABEL_WIDTH = 400  # the names of the bars, cut to fit (_short)
ROW = 20
FONT = 'font-family="system-ui,sans-serif" font-size="11"'
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd")


def _ticks(maximum: int) -> list[int]:
    """Round counts for an axis reaching `maximum`: steps of 1, 2 or 5 times a power of ten, at most six ticks."""
    step = next(m * 10**e for e in range(19) for m in (1, 2, 5) if maximum <= 5 * m * 10**e)
    return list(range(0, maximum + step, step))


def _short(text: str, length: int = 52) -> str:
    return text if len(text) <= length else text[:length - 1] + "…"


def _legend(series: list[tuple[str, str]], y: int) -> str:
    parts, x = [], LABEL_WIDTH
    for label, colour in series:
        parts.append(f'<rect x="{x}" y="{y - 9}" width="10" height="10" fill="{colour}"/>'
                     f'<text x="{x + 14}" y="{y}" {FONT}>{escape(label)}</text>')
        x += 24 + 7 * len(label)
    return "".join(parts)


def bars(names: list[str], series: dict[str, tuple[list[int], str]], axis: str, number) -> str:
    """Horizontal bars, one row per name, the series stacked in order (label -> counts and colour)."""
    plot = WIDTH - LABEL_WIDTH - 20
    totals = [sum(values[row] for values, _ in series.values()) for row in range(len(names))]
    ticks = _ticks(max(totals, default=0) or 1)
    scale = plot / ticks[-1]
    height = ROW * len(names) + (62 if len(series) > 1 else 44)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}">']
    for row, name in enumerate(names):
        y = row * ROW
        parts.append(f'<text x="{LABEL_WIDTH - 6}" y="{y + 14}" text-anchor="end" {FONT}>{escape(_short(name))}</text>')
        left = 0
        for values, colour in series.values():
            if values[row]:
                parts.append(f'<rect x="{LABEL_WIDTH + left * scale:.1f}" y="{y + 3}" width="{values[row] * scale:.1f}" '
                             f'height="{ROW - 6}" fill="{colour}"/>')
            left += values[row]
    bottom = ROW * len(names)
    for tick in ticks:
        x = LABEL_WIDTH + tick * scale
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{bottom}" y2="{bottom + 4}" stroke="#333"/>'
                     f'<text x="{x:.1f}" y="{bottom + 16}" text-anchor="middle" {FONT}>{escape(number(tick))}</text>')
    parts.append(f'<line x1="{LABEL_WIDTH}" x2="{LABEL_WIDTH + plot}" y1="{bottom}" y2="{bottom}" stroke="#333"/>'
                 f'<text x="{LABEL_WIDTH + plot / 2:.1f}" y="{bottom + 32}" text-anchor="middle" {FONT}>{escape(axis)}</text>')
    if len(series) > 1:
        parts.append(_legend([(label, colour) for label, (_, colour) in series.items()], bottom + 52))
    return "".join(parts) + "</svg>"


def columns(labels: list[str], series: dict[str, list[int]], axis: str, number) -> str:
    """Stacked columns, one per label (an hour), one shape per series: a season's hundreds of hours stay light."""
    left, plot_width, plot_height, top = 90, WIDTH - 110, 200, 10  # room for the first slanted hour
    totals = [sum(values[index] for values in series.values()) for index in range(len(labels))]
    ticks = _ticks(max(totals, default=0) or 1)
    x_scale, y_scale = plot_width / max(len(labels), 1), plot_height / ticks[-1]
    base = top + plot_height
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} 330" width="{WIDTH}" height="330">']
    below = [0] * len(labels)
    for (label, values), colour in zip(series.items(), PALETTE * len(series)):
        above = [b + v for b, v in zip(below, values)]
        outline = [(left + index * x_scale, left + (index + 1) * x_scale, height) for index, height in enumerate(above)]
        path = "".join(f"L{x0:.1f},{base - h * y_scale:.1f}L{x1:.1f},{base - h * y_scale:.1f}" for x0, x1, h in outline)
        back = "".join(f"L{x1:.1f},{base - h * y_scale:.1f}L{x0:.1f},{base - h * y_scale:.1f}"
                       for x0, x1, h in reversed([(left + i * x_scale, left + (i + 1) * x_scale, b)
                                                   for i, b in enumerate(below)]))
        parts.append(f'<path d="M{left},{base}{path}{back}Z" fill="{colour}"><title>{escape(label)}</title></path>')
        below = above
    for tick in ticks:
        y = base - tick * y_scale
        parts.append(f'<line x1="{left - 4}" x2="{left}" y1="{y:.1f}" y2="{y:.1f}" stroke="#333"/>'
                     f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" {FONT}>{escape(number(tick))}</text>')
    step = max(1, len(labels) // 12)
    for index in range(0, len(labels), step):
        x = left + (index + 0.5) * x_scale
        parts.append(f'<text transform="translate({x:.1f},{base + 12}) rotate(-30)" text-anchor="end" {FONT}>'
                     f'{escape(labels[index])}</text>')
    parts.append(f'<line x1="{left}" x2="{left + plot_width}" y1="{base}" y2="{base}" stroke="#333"/>'
                 f'<text transform="translate(14,{top + plot_height / 2}) rotate(-90)" text-anchor="middle" {FONT}>'
                 f'{escape(axis)}</text>')
    parts.append(_legend(list(zip(series, PALETTE)), 322))
    return "".join(parts) + "</svg>"
