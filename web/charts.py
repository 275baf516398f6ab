"""Inline SVG charts rendered on the server (the pages work without JavaScript). Pure functions."""

from __future__ import annotations

from html import escape
from typing import Sequence

from scoring.aijri import GREEN_MIN, YELLOW_MIN

BAND_COLOURS = {"Red": "#fde8e7", "Yellow": "#fef3dc", "Green": "#e3f6ec"}
ZONE_BANDS = (("Red", 0.0, YELLOW_MIN), ("Yellow", YELLOW_MIN, GREEN_MIN), ("Green", GREEN_MIN, 100.0))


def _y(value: float, top: float, height: float) -> float:
    return top + height * (1 - value / 100)


def sparkline(scores: list[float], width: int = 120, height: int = 28) -> str:
    if not scores:
        return ""
    step = width / max(1, len(scores) - 1)
    low, high = min(scores), max(scores)
    span = (high - low) or 1.0
    points = " ".join(
        f"{i * step:.1f},{height - 2 - (s - low) / span * (height - 4):.1f}" for i, s in enumerate(scores)
    )
    label = f"score history: {scores[0]:.1f} to {scores[-1]:.1f} over {len(scores)} runs"
    return (
        f'<svg class="spark" role="img" aria-label="{escape(label)}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}"><polyline fill="none" stroke="#1d4ed8" stroke-width="1.5" '
        f'points="{points}"/></svg>'
    )


# Charts are drawn in a small coordinate space and scale with the page; text is sized for the narrowest screen:
# at 390 px (a phone) a label is still at least 10 px high, and on a desktop the chart stops at its max width.
FONT = 13
SMALL_FONT = 12


def waterfall(parts: dict[str, float], total: float, width: int = 400, height: int = 210) -> str:
    """Additive bars base → evidence → barriers → growth → total; each bar starts where the previous ended."""
    labels = {"base": "Task resistance", "evidence": "Evidence", "barriers": "Barriers", "growth": "AI growth"}
    names = list(parts) + ["total"]
    top, bottom, left = 18, 44, 4
    plot = height - top - bottom
    running_peak, running = 0.0, 0.0
    for value in parts.values():
        running += value
        running_peak = max(running_peak, running)
    scale_max = max(total, running_peak, 1.0) * 1.15  # headroom for the value labels
    bar = (width - left * 2) / len(names)
    out, running = [], 0.0
    for index, name in enumerate(names):
        value = total if name == "total" else parts[name]
        start, end = (0.0, total) if name == "total" else (running, running + value)
        running = end if name != "total" else running
        y1, y2 = (_y(max(start, end) / scale_max * 100, top, plot), _y(min(start, end) / scale_max * 100, top, plot))
        x = left + index * bar + 6
        colour = "#1f2933" if name == "total" else ("#067647" if value >= 0 else "#b42318")
        middle = x + (bar - 12) / 2
        words = labels.get(name, "Total").split(" ")  # one word a line: five labels fit side by side on a phone
        text = "".join(
            f'<tspan x="{middle:.1f}" dy="{0 if i == 0 else FONT + 1}">{escape(w)}</tspan>' for i, w in enumerate(words)
        )
        out.append(
            f'<g class="bar" data-part="{name}" data-value="{value:.4f}">'
            f'<rect x="{x:.1f}" y="{y1:.1f}" width="{bar - 12:.1f}" height="{max(1.0, y2 - y1):.1f}" fill="{colour}"/>'
            f'<text x="{middle:.1f}" y="{y1 - 4:.1f}" text-anchor="middle" font-size="{FONT}">'
            f'{value:+.1f}</text><text class="axis" x="{middle:.1f}" y="{height - bottom + 16:.1f}" '
            f'text-anchor="middle" font-size="{FONT}">{text}</text></g>'
        )
    summary = ", ".join(f"{labels[n]} {parts[n]:+.1f}" for n in parts) + f", total {total:.1f}"
    return (
        f'<svg class="waterfall" role="img" aria-label="Score waterfall: {escape(summary)}" '
        f'viewBox="0 0 {width} {height}" width="100%" style="max-width:{width * 3 // 2}px">{"".join(out)}</svg>'
    )


SERIES_COLOURS = ("#1d4ed8", "#9d174d")  # the second series of a comparison


def history_chart(
    points: list[tuple[str, float]],
    width: int = 400,
    height: int = 200,
    also: tuple[str, list[tuple[str, float]]] | None = None,
    markers: Sequence[tuple[str, str]] = (),
    name: str = "Score",
) -> str:
    """Score over runs on a 0-100 axis with the Red / Yellow / Green bands behind it; `also` (label, points)
    draws a second role's history on the same dates axis (a comparison)."""
    top, bottom, left, right = 10, 30, 30, 8
    plot_w, plot_h = width - left - right, height - top - bottom
    bands = "".join(
        f'<rect x="{left}" y="{_y(high, top, plot_h):.1f}" width="{plot_w}" height="{(high - low) / 100 * plot_h:.1f}" '
        f'fill="{BAND_COLOURS[zone]}"/><text x="{left + plot_w - 4}" y="{_y(low, top, plot_h) - 4:.1f}" '
        f'font-size="{SMALL_FONT}" text-anchor="end" fill="#52606d">{zone}</text>'
        for zone, low, high in ZONE_BANDS
    )
    ticks = "".join(
        f'<text x="{left - 4}" y="{_y(v, top, plot_h) + 4:.1f}" font-size="{SMALL_FONT}" text-anchor="end">{v:g}</text>'
        for v in (0, YELLOW_MIN, GREEN_MIN, 100)
    )
    if not points:
        return f'<svg viewBox="0 0 {width} {height}" width="100%" style="max-width:{width * 3 // 2}px">{bands}{ticks}</svg>'
    dates = sorted({d for d, _ in points} | {d for d, _ in (also[1] if also else [])})
    step = plot_w / max(1, len(dates) - 1)
    x_of = {d: left + i * step for i, d in enumerate(dates)}
    lines = "".join(
        f'<g class="marker"><line x1="{x_of[d]:.1f}" x2="{x_of[d]:.1f}" y1="{top}" y2="{top + plot_h}" '
        f'stroke="#52606d" stroke-dasharray="3 3"/><text x="{x_of[d] + 3:.1f}" y="{top + 12}" font-size="{SMALL_FONT}" '
        f'fill="#334e68">{escape(label)}</text></g>'
        for d, label in markers
        if d in x_of
    )  # e.g. the runs that scored an AI-tool release
    lines += _line(points, x_of, top, plot_h, SERIES_COLOURS[0])
    if also:
        lines += _line(also[1], x_of, top, plot_h, SERIES_COLOURS[1])
    axis = (
        f'<text x="{left}" y="{height - 8}" font-size="{SMALL_FONT}">{escape(dates[0])}</text>'
        f'<text x="{width - right}" y="{height - 8}" font-size="{SMALL_FONT}" text-anchor="end">'
        f"{escape(dates[-1])}</text>"
    )
    label = f"{name} history from {points[0][0]} ({points[0][1]:.1f}) to {points[-1][0]} ({points[-1][1]:.1f})"
    if also and also[1]:
        label += f"; {also[0]} from {also[1][0][1]:.1f} to {also[1][-1][1]:.1f}"
    return (
        f'<svg class="history" role="img" aria-label="{escape(label)}" viewBox="0 0 {width} {height}" width="100%" '
        f'style="max-width:{width * 3 // 2}px">'
        f"{bands}{ticks}{lines}{axis}</svg>"
    )


def _line(points: list[tuple[str, float]], x_of: dict, top: float, plot_h: float, colour: str) -> str:
    coords = [(x_of[d], _y(score, top, plot_h)) for d, score in points]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    dots = "".join(
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{colour}"><title>{escape(d)}: {s:.1f}</title></circle>'
        for (x, y), (d, s) in zip(coords, points)
    )
    return f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{line}"/>{dots}'


def frontier_chart(points: Sequence[dict], title: str, log: bool, width: int = 400, height: int = 220) -> str:
    """A benchmark's frontier over time: each model that set a new best (release date, value), a step line between
    them, its error bar (a 95% interval, or 2 standard errors), its name. `log`: a time horizon, on a log axis.
    Each point: released (date), value, low, high (in the benchmark's unit), label, shown."""
    if not points:
        return ""
    import math

    top, bottom, left, right = 14, 30, 8, 8
    plot_w, plot_h = width - left - right, height - top - bottom

    def scale(v: float) -> float:
        return math.log2(max(v, 1e-6)) if log else v

    days = [p["released"].toordinal() for p in points]
    lows = [scale(p["low"]) for p in points]
    highs = [scale(p["high"]) for p in points]
    y_min, y_max = min(lows), max(highs)
    span_x, span_y = (max(days) - min(days)) or 1, (y_max - y_min) or 1.0

    def x(day: int) -> float:
        return left + (day - min(days)) / span_x * plot_w

    def y(v: float) -> float:
        return top + (1 - (scale(v) - y_min) / span_y) * plot_h

    steps, marks = [], []
    for index, p in enumerate(points):
        px, py = x(days[index]), y(p["value"])
        if index:
            steps.append(f"{px:.1f},{y(points[index - 1]['value']):.1f} {px:.1f},{py:.1f}")
        else:
            steps.append(f"{px:.1f},{py:.1f}")
        marks.append(
            f'<g class="frontier-point"><line x1="{px:.1f}" x2="{px:.1f}" y1="{y(p["high"]):.1f}" '
            f'y2="{y(p["low"]):.1f}" stroke="#9aa5b1" stroke-width="1.5"/><circle cx="{px:.1f}" cy="{py:.1f}" r="3" '
            f'fill="#1d4ed8"><title>{escape(p["label"])}: {escape(p["shown"])}</title></circle></g>'
        )
    last = points[-1]
    labels = (
        f'<text x="{left}" y="{height - 8}" font-size="{SMALL_FONT}">{points[0]["released"]}</text>'
        f'<text x="{width - right}" y="{height - 8}" font-size="{SMALL_FONT}" text-anchor="end">'
        f'{last["released"]}</text><text x="{width - right}" y="{top + 10}" font-size="{SMALL_FONT}" '
        f'text-anchor="end">{escape(last["label"])}: {escape(last["shown"])}</text>'
    )
    summary = f"{title}: from {points[0]['shown']} ({points[0]['label']}) to {last['shown']} ({last['label']})"
    return (
        f'<svg class="frontier" role="img" aria-label="{escape(summary)}" viewBox="0 0 {width} {height}" '
        f'width="100%" style="max-width:{width * 3 // 2}px"><polyline fill="none" stroke="#1d4ed8" stroke-width="1.5" '
        f'points="{" ".join(steps)}"/>{"".join(marks)}{labels}</svg>'
    )
