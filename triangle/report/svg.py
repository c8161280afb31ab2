"""The report's figures as inline SVG, drawn directly: no plotting library, no network.

Each function takes a result of the analysis (a robustness table, a tornado chart, a
regime map) and returns one ``<svg>`` element as text, sized by its ``viewBox`` so that
it scales with the page. Colours come from the Okabe-Ito palette (Okabe and Ito 2008),
which readers with any common form of colour blindness can tell apart; every encoding
is doubled by shape, position or text (holds / fails is also written out, the ends of a
tornado bar are a circle and a square, each region of a map is named in the legend with
its share), and every mark carries a ``<title>`` that a browser shows on hover.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from typing import Any

import numpy as np

__all__ = [
    "FAILS",
    "HOLDS",
    "OKABE_ITO",
    "PALETTE",
    "nice_ticks",
    "regime_svg",
    "robustness_svg",
    "tornado_svg",
]

#: The Okabe-Ito colours, in the order the figures use them.
OKABE_ITO: tuple[tuple[str, str], ...] = (
    ("blue", "#0072B2"),
    ("orange", "#E69F00"),
    ("bluish green", "#009E73"),
    ("reddish purple", "#CC79A7"),
    ("sky blue", "#56B4E9"),
    ("vermillion", "#D55E00"),
    ("yellow", "#F0E442"),
    ("black", "#000000"),
)
PALETTE: tuple[str, ...] = tuple(c for _, c in OKABE_ITO)
#: A claim that holds (blue) or fails (vermillion): a pair safe for colour-blind readers.
HOLDS, FAILS, UNKNOWN = "#0072B2", "#D55E00", "#999999"
_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
_MONO = "ui-monospace, 'SFMono-Regular', Menlo, Consolas, 'Liberation Mono', monospace"


def nice_ticks(low: float, high: float, n: int = 5) -> list[float]:
    """About ``n`` round tick values covering ``[low, high]`` (steps of 1, 2, 2.5 or 5).

    >>> nice_ticks(0, 1)
    [0.0, 0.25, 0.5, 0.75, 1.0]
    >>> nice_ticks(-1.3, 2.2)
    [-1.0, 0.0, 1.0, 2.0]
    """
    if not (math.isfinite(low) and math.isfinite(high)):
        return []
    if high <= low:
        return [float(low)]
    raw = (high - low) / max(n - 1, 1)
    magnitude = 10.0 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw * 0.999)
    first = math.ceil(low / step - 1e-9)
    ticks = []
    k = first
    while k * step <= high + step * 1e-9:
        ticks.append(round(k * step, 12) + 0.0)
        k += 1
    return ticks


def _share(s: float) -> str:
    return f"{100 * s:.0f}%" if s >= 0.005 or s == 0 else "<1%"


def _wrap(text: str, width: int) -> list[str]:
    """Lines of at most about ``width`` characters, broken after ``" | "`` or a space."""
    lines: list[str] = []
    while len(text) > width:
        cut = text.rfind(" | ", 0, width)
        cut = cut + 3 if cut > 0 else (text.rfind(" ", 0, width) + 1 or width)
        lines.append(text[:cut].rstrip())
        text = "    " + text[cut:].lstrip()
    return [*lines, text]


def _num(x: float) -> str:
    text = f"{x:.4g}"
    return "0" if text in ("-0", "-0.0") else text


class _Drawing:
    """A list of SVG elements, with coordinates rounded to 0.1 px."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    @staticmethod
    def _attrs(attrs: dict[str, Any]) -> str:
        out = []
        for k, v in attrs.items():
            if v is None:
                continue
            if isinstance(v, float):
                v = f"{v:.1f}"
            out.append(f'{k.rstrip("_").replace("_", "-")}="{html.escape(str(v))}"')
        return " ".join(out)

    def add(self, tag: str, title: str | None = None, text: str | None = None,
            **attrs: Any) -> None:
        inner = ""
        if title:
            inner += f"<title>{html.escape(title)}</title>"
        if text is not None:
            inner += html.escape(text)
        self.parts.append(f"<{tag} {self._attrs(attrs)}>{inner}</{tag}>" if inner
                          else f"<{tag} {self._attrs(attrs)}/>")

    def text(self, x: float, y: float, text: str, *, size: float = 12, anchor: str = "start",
             weight: str | None = None, fill: str = "#222", mono: bool = False,
             rotate: float | None = None, title: str | None = None) -> None:
        self.add("text", title=title, text=text, x=x, y=y, font_size=size, text_anchor=anchor,
                 font_weight=weight, fill=fill, font_family=_MONO if mono else None,
                 transform=None if rotate is None else f"rotate({rotate} {x:.1f} {y:.1f})")

    def render(self, width: float, height: float, title: str, description: str,
               figure: str) -> str:
        head = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} '
                f'{height:.0f}" width="{width:.0f}" height="{height:.0f}" role="img" '
                f'data-figure="{html.escape(figure)}" font-family="{html.escape(_FONT)}" '
                f'style="max-width:100%;height:auto">')
        return "\n".join([head, f"<title>{html.escape(title)}</title>",
                          f"<desc>{html.escape(description)}</desc>", *self.parts, "</svg>"])


def _axis_x(d: _Drawing, scale: Any, ticks: Sequence[float], y0: float, y1: float,
            fmt: Any = _num, label: str = "", label_y: float | None = None,
            centre: float | None = None) -> None:
    for t in ticks:
        x = scale(t)
        d.add("line", x1=x, x2=x, y1=y0, y2=y1, stroke="#e3e3e3", stroke_width=1)
        d.text(x, y1 + 15, fmt(t), size=11, anchor="middle", fill="#444")
    if label:
        d.text(centre if centre is not None else scale(ticks[len(ticks) // 2]),
               label_y if label_y is not None else y1 + 32, label, size=12, anchor="middle")


# --------------------------------------------------------------------- robustness
def robustness_svg(table: Any, *, title: str = "Claim robustness") -> str:
    """Each claim's share of the plausible factor space, with its 95% interval; the bar's
    colour (and the word after the share) says whether it holds at the scenario.

    >>> from triangle.verdicts.robustness import ClaimRobustness, RobustnessTable
    >>> row = ClaimRobustness("c1", "000.txt", "a statement", True, 0.25, (0.2, 0.3), ())
    >>> svg = robustness_svg(RobustnessTable((row,), 1000, 0))
    >>> svg.startswith("<svg") and "25.0% holds" in svg
    True
    """
    rows = list(table.rows)
    label_w, plot_w, right_w, row_h, top = 300.0, 420.0, 96.0, 17.0, 46.0
    width = label_w + plot_w + right_w
    height = top + row_h * len(rows) + 48
    d = _Drawing()

    def sx(v: float) -> float:
        return label_w + v * plot_w

    legend = (("holds at the scenario", HOLDS), ("fails there", FAILS), ("not checked", UNKNOWN))
    x = label_w
    for text, colour in legend:
        d.add("rect", x=x, y=12.0, width=12, height=12, fill=colour)
        d.text(x + 17, 22.5, text, size=12)
        x += 40 + 7.2 * len(text)
    _axis_x(d, sx, [0.0, 0.25, 0.5, 0.75, 1.0], top - 6, top + row_h * len(rows),
            fmt=lambda t: f"{100 * t:.0f}%",
            label="share of the plausible factor space where the claim holds",
            centre=label_w + plot_w / 2)
    for k, r in enumerate(rows):
        y = top + k * row_h
        colour = {True: HOLDS, False: FAILS, None: UNKNOWN}[r.holds_at_baseline]
        verdict = {True: "holds", False: "fails", None: "-"}[r.holds_at_baseline]
        lo, hi = r.interval
        tip = (f"{r.id}: holds in {100 * r.share:.1f}% of the space (95% interval "
               f"{100 * lo:.1f} to {100 * hi:.1f}%); {verdict} at the scenario")
        if k % 2 == 0:
            d.add("rect", x=0.0, y=y, width=width, height=row_h, fill="#f6f6f6")
        d.text(label_w - 8, y + 12.5, r.id, size=11, anchor="end", mono=True, title=tip)
        d.add("rect", title=tip, x=sx(0), y=y + 3.5, width=max(sx(r.share) - sx(0), 0.0),
              height=row_h - 7, fill=colour)
        d.add("circle", cx=sx(r.share), cy=y + row_h / 2, r=2.6, fill=colour)
        d.add("path", d=f"M{sx(lo):.1f},{y + 4:.1f}v{row_h - 8:.1f}M{sx(lo):.1f},"
                        f"{y + row_h / 2:.1f}H{sx(hi):.1f}M{sx(hi):.1f},{y + 4:.1f}"
                        f"v{row_h - 8:.1f}", stroke="#222", stroke_width=1.2, fill="none")
        d.text(label_w + plot_w + 8, y + 12.5, f"{100 * r.share:.1f}% {verdict}", size=11,
               fill=colour if colour != UNKNOWN else "#555")
    description = "; ".join(f"{r.id} {100 * r.share:.1f}%" for r in rows)
    return d.render(width, height, title, description, "robustness")


# --------------------------------------------------------------------- tornado
def tornado_svg(tornado: Any, *, top: int = 12, title: str = "Tornado chart",
                outcome: str | None = None) -> str:
    """One bar per factor, from the least to the most the outcome reaches when the factor
    alone crosses its range; a circle where the factor is at the low end of its range, a
    square at the high end; a solid line at the scenario's value, a dotted one at zero.

    >>> from triangle.sensitivity.tornado import Tornado, TornadoBar
    >>> t = Tornado("gap", 0.5, (TornadoBar("relief", 0, 4, -1.0, 1.0, -1.0, 1.0),))
    >>> 'data-figure="tornado"' in tornado_svg(t)
    True
    """
    bars = list(tornado.bars[:top])
    label_w, plot_w, row_h, top_y = 230.0, 470.0, 24.0, 58.0
    width = label_w + plot_w + 40
    height = top_y + row_h * max(len(bars), 1) + 62
    d = _Drawing()
    values = [tornado.baseline, 0.0] + [v for b in bars for v in (b.minimum, b.maximum)]
    finite = [v for v in values if math.isfinite(v)]
    lo, hi = (min(finite), max(finite)) if finite else (0.0, 1.0)
    pad = (hi - lo) * 0.06 or 1.0
    lo, hi = lo - pad, hi + pad

    def sx(v: float) -> float:
        return label_w + (v - lo) / (hi - lo) * plot_w

    d.add("circle", cx=label_w + 6, cy=18.0, r=5, fill=PALETTE[0], stroke="#222")
    d.text(label_w + 16, 22.0, "factor at the low end of its range", size=12)
    d.add("rect", x=label_w + 250, y=13.0, width=10, height=10, fill=PALETTE[1], stroke="#222")
    d.text(label_w + 265, 22.0, "at the high end", size=12)
    d.add("line", x1=label_w, x2=label_w + 14, y1=40.0, y2=40.0, stroke="#000", stroke_width=2)
    d.text(label_w + 19, 44.0, f"at the scenario ({_num(tornado.baseline)})", size=12)
    d.add("line", x1=label_w + 250, x2=label_w + 264, y1=40.0, y2=40.0, stroke="#555",
          stroke_width=1.5, stroke_dasharray="3,3")
    d.text(label_w + 269, 44.0, "zero", size=12)
    bottom = top_y + row_h * max(len(bars), 1)
    _axis_x(d, sx, nice_ticks(lo, hi, 6), top_y - 4, bottom,
            label=outcome or tornado.outcome, centre=label_w + plot_w / 2)
    if lo <= 0.0 <= hi:
        d.add("line", x1=sx(0.0), x2=sx(0.0), y1=top_y - 4, y2=bottom, stroke="#555",
              stroke_width=1.5, stroke_dasharray="3,3")
    for k, b in enumerate(bars):
        y = top_y + k * row_h
        tip = (f"{b.factor} from {_num(b.low)} to {_num(b.high)}: the outcome is "
               f"{_num(b.at_low)} at the low end, {_num(b.at_high)} at the high end "
               f"(from {_num(b.minimum)} to {_num(b.maximum)})")
        d.text(label_w - 8, y + 16, b.factor, size=11, anchor="end", mono=True, title=tip)
        d.add("rect", title=tip, x=sx(b.minimum), y=y + 5, width=max(sx(b.maximum)
              - sx(b.minimum), 1.0), height=row_h - 10, fill="#dedede", stroke="#777")
        d.add("circle", cx=sx(b.at_low), cy=y + row_h / 2, r=5, fill=PALETTE[0], stroke="#222")
        d.add("rect", x=sx(b.at_high) - 5, y=y + row_h / 2 - 5, width=10, height=10,
              fill=PALETTE[1], stroke="#222")
    if not bars:
        d.text(label_w + plot_w / 2, top_y + 16, "no factor moves this outcome", anchor="middle")
    d.add("line", x1=sx(tornado.baseline), x2=sx(tornado.baseline), y1=top_y - 4, y2=bottom,
          stroke="#000", stroke_width=2)
    description = "; ".join(f"{b.factor}: {_num(b.minimum)} to {_num(b.maximum)}" for b in bars)
    return d.render(width, height, title, description, "tornado")


# --------------------------------------------------------------------- regime map
def regime_svg(rmap: Any, *, mark: tuple[float, float] | None = None,
               title: str = "Regime map", max_regimes: int = 7) -> str:
    """The outcome over two factors: one colour per outcome (the legend names each, with
    its share of the map), a cross at ``mark`` (the scenario's point).

    >>> import sympy, triangle as tri
    >>> from triangle.sensitivity import regime_map
    >>> a, b = sympy.symbols("a b")
    >>> g = tri.NormalFormGame.from_bimatrix([[a, 0], [0, b]], [[1, 0], [0, 1]])
    >>> m = regime_map(g, "a", "b", ranges={"a": (-1, 1), "b": (-1, 1)}, resolution=5)
    >>> svg = regime_svg(m, mark=(0.5, 0.5))
    >>> "s1/s1 | s2/s2" in svg and "the scenario" in svg
    True
    """
    left, top, plot_w, plot_h = 78.0, 16.0, 480.0, 300.0
    xs = np.asarray(rmap.x_values, dtype=float)
    ys = np.asarray(rmap.y_values, dtype=float)
    regimes = np.asarray(rmap.regimes)
    labels = list(rmap.labels)
    if len(labels) > max_regimes:  # the rarest ones together, in grey
        regimes = np.where(regimes >= max_regimes - 1, max_regimes - 1, regimes)
        labels = [*labels[:max_regimes - 1], f"{len(labels) - max_regimes + 1} other outcomes"]
    colours = [*PALETTE[:len(labels)]]
    if len(rmap.labels) > max_regimes:
        colours[-1] = UNKNOWN
    shares = np.bincount(regimes.ravel(), minlength=len(labels)) / regimes.size
    legend = [_wrap(f"{_share(s)} of the map: {label}", 96) for label, s in zip(labels, shares)]
    legend_h = 18.0 * sum(len(lines) for lines in legend) + 8.0 * len(legend) + 40
    width = max(left + plot_w + 30, 820.0)
    height = top + plot_h + 52 + legend_h
    d = _Drawing()
    x0, x1 = float(xs.min()), float(xs.max())
    y0, y1 = float(ys.min()), float(ys.max())
    if x1 == x0:
        x0, x1 = x0 - 0.5, x1 + 0.5
    if y1 == y0:
        y0, y1 = y0 - 0.5, y1 + 0.5

    def sx(v: float) -> float:
        return left + (v - x0) / (x1 - x0) * plot_w

    def sy(v: float) -> float:
        return top + plot_h - (v - y0) / (y1 - y0) * plot_h

    def edges(values: np.ndarray, lo: float, hi: float) -> np.ndarray:
        mids = (values[1:] + values[:-1]) / 2 if len(values) > 1 else np.array([])
        return np.concatenate([[lo], mids, [hi]])

    ex, ey = edges(xs, x0, x1), edges(ys, y0, y1)
    d.parts.append('<g shape-rendering="crispEdges">')  # no hairline seams between cells
    for r in range(len(ys)):
        row = regimes[r]
        start = 0
        for c in range(1, len(xs) + 1):
            if c == len(xs) or row[c] != row[start]:
                k = int(row[start])
                d.add("rect", x=sx(ex[start]), y=sy(ey[r + 1]),
                      width=sx(ex[c]) - sx(ex[start]) + 0.3,
                      height=sy(ey[r]) - sy(ey[r + 1]) + 0.3, fill=colours[k],
                      title=labels[k])
                start = c
    d.parts.append("</g>")
    d.add("rect", x=left, y=top, width=plot_w, height=plot_h, fill="none", stroke="#444")
    for t in nice_ticks(x0, x1, 6):
        d.add("line", x1=sx(t), x2=sx(t), y1=top + plot_h, y2=top + plot_h + 5, stroke="#444")
        d.text(sx(t), top + plot_h + 18, _num(t), size=11, anchor="middle", fill="#444")
    for t in nice_ticks(y0, y1, 6):
        d.add("line", x1=left - 5, x2=left, y1=sy(t), y2=sy(t), stroke="#444")
        d.text(left - 8, sy(t) + 4, _num(t), size=11, anchor="end", fill="#444")
    d.text(left + plot_w / 2, top + plot_h + 36, rmap.x, size=12, anchor="middle", mono=True)
    d.text(18, top + plot_h / 2, rmap.y, size=12, anchor="middle", mono=True, rotate=-90)
    if mark is not None and x0 <= mark[0] <= x1 and y0 <= mark[1] <= y1:
        mx, my = sx(mark[0]), sy(mark[1])
        cross = f"M{mx - 7:.1f},{my - 7:.1f}L{mx + 7:.1f},{my + 7:.1f}M{mx - 7:.1f}," \
                f"{my + 7:.1f}L{mx + 7:.1f},{my - 7:.1f}"
        d.add("path", d=cross, stroke="#fff", stroke_width=6, fill="none")
        d.add("path", d=cross, stroke="#000", stroke_width=2.5, fill="none",
              title=f"the scenario: {rmap.x} = {_num(mark[0])}, {rmap.y} = {_num(mark[1])}")
    y = top + plot_h + 58
    for k, lines in enumerate(legend):
        d.add("rect", x=left, y=y, width=14, height=14, fill=colours[k], stroke="#444")
        for j, line in enumerate(lines):
            d.text(left + 22, y + 12 + 18 * j, line, size=12)
        y += 18 * len(lines) + 8
    if mark is not None:
        cy = y + 7
        d.add("path", d=f"M{left + 2:.1f},{cy - 5:.1f}l10,10m-10,0l10,-10", stroke="#000",
              stroke_width=2.5, fill="none")
        d.text(left + 22, cy + 5, "the scenario", size=12)
    description = "; ".join(f"{label}: {100 * s:.0f}%" for label, s in zip(labels, shares))
    return d.render(width, height, title, description, "regime-map")
