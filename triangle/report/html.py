"""The report page's HTML: sections, tables, styles, the figures and the data, in one file.

:func:`render_page` is what :meth:`triangle.report.Report.to_html` calls. Text from the
package's data and from the user's scenario is escaped everywhere it enters the page.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from triangle.models.factors import factors
from triangle.models.scenarios import scenarios
from triangle.report.by_form import EDGE_NOTE, NOT_APPLICABLE, PRIOR_NOTE, share_text
from triangle.report.page import SECTIONS, figures, json_for_script, page_data
from triangle.report.svg import FAILS, HOLDS
from triangle.report.tables import article_label

if TYPE_CHECKING:
    from triangle.report.page import Report

__all__ = ["CSS", "render_page"]

CSS = f"""
:root {{ --ink:#1d1d1f; --muted:#555; --line:#dcdcdc; --soft:#f3f5f8; --holds:{HOLDS};
  --fails:{FAILS}; --accent:#0072B2; }}
* {{ box-sizing: border-box; }}
body {{ margin: 0; color: var(--ink); background: #fff;
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  sans-serif; }}
.wrap {{ max-width: 1080px; margin: 0 auto; padding: 0 28px; }}
header {{ background: #12263f; color: #fff; padding: 26px 0 18px; }}
header h1 {{ margin: 0 0 6px; font-size: 28px; line-height: 1.25; }}
header p {{ margin: 4px 0; color: #d8e2ee; max-width: 900px; }}
header .meta {{ font-size: 13px; color: #b7c5d6; }}
nav.toc {{ margin-top: 14px; font-size: 14px; }}
nav.toc a {{ color: #fff; margin-right: 14px; text-decoration: none;
  border-bottom: 1px solid #6f8fb3; }}
section {{ padding: 6px 0 22px; border-bottom: 1px solid var(--line); }}
h2 {{ font-size: 22px; margin: 26px 0 8px; }}
h2 .num {{ color: var(--accent); margin-right: 6px; }}
p.lead {{ color: var(--muted); margin-top: 0; max-width: 900px; }}
table {{ border-collapse: collapse; width: 100%; font-size: 14px; margin: 10px 0; }}
th, td {{ text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line);
  vertical-align: top; }}
th {{ background: var(--soft); font-weight: 600; }}
tbody tr:nth-child(even) {{ background: #fafbfc; }}
table.compact {{ font-size: 13px; }}
table.compact td, table.compact th {{ padding: 3px 8px; }}
.muted {{ color: var(--muted); }}
td.num, th.num {{ text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }}
code, .mono {{ font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
  font-size: 0.9em; }}
.badge {{ display: inline-block; padding: 1px 9px; border-radius: 10px; font-size: 13px;
  font-weight: 600; color: #fff; white-space: nowrap; }}
.badge.holds {{ background: var(--holds); }}
.badge.fails {{ background: var(--fails); }}
.badge.other {{ background: #777; }}
.cards {{ display: grid; grid-template-columns: repeat(auto-fit, minmax(230px, 1fr));
  gap: 12px; margin: 12px 0; }}
.card {{ background: var(--soft); border-radius: 8px; padding: 12px 14px; }}
.card h3 {{ margin: 0 0 4px; font-size: 13px; text-transform: uppercase;
  letter-spacing: .04em; color: var(--muted); }}
.card .big {{ font-size: 22px; font-weight: 700; }}
.card ul {{ margin: 4px 0 0; padding-left: 18px; }}
.pending {{ border: 2px dashed #8a8a8a; background: #fbfaf2; padding: 10px 14px;
  border-radius: 6px; margin: 10px 0 14px; }}
.pending strong {{ color: #6b5d00; }}
.warn {{ color: var(--fails); font-weight: 600; }}
figure {{ margin: 14px 0; }}
figcaption {{ color: var(--muted); font-size: 14px; max-width: 900px; }}
details {{ margin: 10px 0; }}
details summary {{ cursor: pointer; color: var(--accent); font-weight: 600; }}
pre {{ background: var(--soft); padding: 10px 12px; overflow-x: auto; font-size: 13px;
  white-space: pre-wrap; }}
dl.prov {{ display: grid; grid-template-columns: 210px 1fr; gap: 4px 14px; font-size: 14px; }}
dl.prov dt {{ color: var(--muted); }}
dl.prov dd {{ margin: 0; }}
footer {{ color: var(--muted); font-size: 13px; padding: 18px 0 40px; }}
@media print {{
  header {{ background: none; color: #000; }} header p, header .meta {{ color: #333; }}
  nav.toc {{ display: none; }} section {{ break-inside: avoid-page; }}
}}
"""

# Measures each figure as the browser lays it out and records the sizes on the page
# (data-rendered), so that a headless browser's dump of the DOM shows they were drawn.
_SELF_CHECK = """
document.querySelectorAll('figure[id]').forEach(function (f) {
  var s = f.querySelector('svg'); if (!s) { return; }
  var b = s.getBoundingClientRect();
  f.setAttribute('data-rendered', Math.round(b.width) + 'x' + Math.round(b.height));
});
"""


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _table(head: Sequence[str], rows: Iterable[Sequence[str]], numeric: Sequence[int] = (),
           cls: str = "") -> str:
    """A table from already-escaped cells; columns in ``numeric`` align right."""
    def cell(tag: str, k: int, text: str) -> str:
        return f'<{tag}{" class=num" if k in numeric else ""}>{text}</{tag}>'

    out = [f'<table{f" class={cls}" if cls else ""}><thead><tr>'
           + "".join(cell("th", k, h) for k, h in enumerate(head)) + "</tr></thead><tbody>"]
    out += ["<tr>" + "".join(cell("td", k, c) for k, c in enumerate(row)) + "</tr>"
            for row in rows]
    out.append("</tbody></table>")
    return "\n".join(out)


def _badge(holds: bool | None, text: str | None = None) -> str:
    kind = {True: "holds", False: "fails", None: "other"}[holds]
    word = text or {True: "✓ holds", False: "✗ fails", None: "–"}[holds]
    return f'<span class="badge {kind}">{_e(word)}</span>'


def _mixed(eq: Any, i: int) -> str:
    terms = [(s, float(x)) for s, x in zip(eq.strategies[i], eq.profile[i]) if x > 0]
    if len(terms) == 1:
        return _e(terms[0][0])
    return " + ".join(f"{x:.3g}&nbsp;{_e(s)}" for s, x in terms)


def _section(sid: str, number: int, lead: str, body: str, russia: str = "Russia") -> str:
    title = dict(SECTIONS)[sid].replace("Russia", russia)  # the seat's name in its world
    return (f'<section id="{sid}"><h2><span class="num">{number}.</span>{_e(title)}</h2>'
            f'<p class="lead">{lead}</p>\n{body}\n</section>')


# --------------------------------------------------------------------- sections
def _summary(report: Report) -> str:
    a = report.analysis
    pure = [e for e in a.equilibria if e.is_pure]
    moves = "".join(
        f"<li>US <b>{_e(r.us)}</b> → {_e(a.label('Russia'))} <b>"
        f"{_e(', '.join(r.russia_plays) or 'none')}</b></li>" for r in a.responses)
    from triangle.report.claims_view import at_edge

    edge = [c for c in a.claims if at_edge(a, c.id)]
    held = sum(c.holds for c in a.claims if c not in edge)
    judged = len(a.claims) - len(edge)
    apart = (f"; {len(edge)} at an edge, counted apart (their verdict changes within 2% of a "
             f"factor's range)" if edge else "")
    if not a.nearest_searched:
        near = "not searched"
    elif a.nearest and a.nearest[0].share == 0:
        ties = [n.factor for n in a.nearest if n.share == 0]
        near = (f"the scenario sits on a threshold of {len(ties)} factor"
                f"{'s' if len(ties) > 1 else ''}: " + ", ".join(f"<code>{_e(f)}</code>"
                                                             for f in ties))
    elif a.nearest:
        n = a.nearest[0]
        near = (f"<code>{_e(n.factor)}</code> {n.value:.4g} → {n.threshold:.4g} "
                f"({n.share:.1%} of its range)")
    else:
        near = "no single factor changes the equilibria within its range"
    return f"""<div class="cards">
<div class="card"><h3>{_e(a.label('Russia'))}'s response</h3><ul>{moves}</ul></div>
<div class="card"><h3>Equilibria</h3><div class="big">{len(a.equilibria)}</div>
{len(pure)} pure: {_e('; '.join('/'.join(s[0] for s in e.support) for e in pure) or 'none')}</div>
<div class="card"><h3>Claims holding here</h3><div class="big">{held} of {judged}</div>
on the simultaneous form{apart}</div>
<div class="card"><h3>Nearest change</h3>{near}</div>
</div>"""


def _equilibria(report: Report) -> str:
    a = report.analysis
    head = ["#", *(f"{_e(a.label(p))}" + (f" <small>({_e(p)}'s seat)</small>"
                                          if a.label(p) != p else "") for p in a.game.players),
            "payoffs", "Dittmer configuration", "regret"]
    rows = []
    for k, (eq, conf) in enumerate(zip(a.equilibria, a.configurations), 1):
        configuration = ", ".join(f"{_e(c.replace('_', ' '))}"
                                  + (f" {p:.2f}" if len(conf) > 1 else "")
                                  for c, p in conf.items())
        rows.append([str(k), *(_mixed(eq, i) for i in range(len(eq.players))),
                     ", ".join(f"{float(v):.3g}" for v in eq.payoffs), configuration,
                     f"{float(eq.regret):.1e}"])
    body = _table(head, rows, numeric=(0, len(head) - 1)) if rows else "<p>None found.</p>"
    notes = "".join(f"<li>{_e(n)}</li>" for n in a.notes)
    return body + (f'<ul class="note">{notes}</ul>' if notes else "")


def _responses(report: Report) -> str:
    a = report.analysis
    china = a.game.strategies[2]
    head = ["US move", f"{_e(a.label('Russia'))} plays",
            f"equilibria of the {_e(a.label('Russia'))}–{_e(a.label('China'))} game",
            *(f"best reply to {_e(a.label('China'))}'s <i>{_e(c)}</i>" for c in china)]
    rows = []
    for r in a.responses:
        eqs = "; ".join("(" + ", ".join(_mixed(e, i) for i in range(2)) + ")"
                        for e in r.equilibria) or "none"
        rows.append([f"<b>{_e(r.us)}</b>", _e(", ".join(r.russia_plays) or "none"), eqs,
                     *(_e(" / ".join(r.russia_best_reply[c])) for c in china)])
    return _table(head, rows)


def _claims(report: Report) -> str:
    a = report.analysis
    by_form = _by_form(a)
    rows = []
    from triangle.report.claims_view import edge_verdict

    for c in a.claims:
        verdict = _badge(c.holds, ("✓ holds (tie)" if c.knife_edge else None) if c.holds
                         else None)
        if edge_verdict(a, c.id):  # not a finding at the point: the region's share instead
            verdict = _badge(None, edge_verdict(a, c.id))
        where = f"<br><small>at {_e(c.scenario)}</small>" if c.scenario != a.scenario else ""
        rows.append([f"<code>{_e(c.id)}</code><details><summary>statement</summary>"
                     f"{_e(c.statement)}</details>", _e(article_label(c.source)), _e(c.kind),
                     verdict + where, _e(c.detail)])
    return by_form + _table(["claim", "article", "kind", "verdict", "why"], rows)


def _by_form(a: Any) -> str:
    """Every claim on every model form: verdict here, label and share over the box."""
    rows_in = list(getattr(a, "by_form", []) or [])
    if not rows_in:
        return ('<div id="claims-by-form"><p>The claims were not judged on the model '
                'forms for this analysis.</p></div>')
    forms = list(rows_in[0].by_form)
    rows = []
    for r in rows_in:
        cells = []
        for f in forms:
            v = r.by_form[f]
            if v["label"] == NOT_APPLICABLE:
                cells.append(f'<span title="{_e(v.get("reason", ""))}">n/a</span>')
                continue
            cell = _badge(bool(v["at_scenario"]))
            if v.get("at_edge"):  # not a finding at the point: the region's share instead
                cell = (_badge(None, "at an edge") + f"<br><small>{share_text(v['region_share'])}"
                        f" of the region; along {_e(', '.join(v['at_edge']))}</small>")
            if v["share"] is not None:
                flag = " · prior-sensitive" if v.get("prior_sensitive") else ""
                cell += f"<br><small>{_e(v['label'])} {share_text(v['share'])}{flag}</small>"
            cells.append(cell)
        deciding: list[Any] = next((list(ds) for ds in r.deciding.values() if ds), [])
        why = ", ".join(f"<code>{_e(d['factor'])}</code> ({'+' if d['shift'] > 0 else '−'}"
                        f"{d['importance']:.2f}, {_e(d['provenance'])})" for d in deciding[:3])
        rows.append([f"<code>{_e(r.id)}</code>", _e(article_label(r.source)), *cells,
                     "yes" if r.order_dependent else "no", why])
    head = ["claim", "article", *(_e(f) for f in forms), "order-dependent",
            "deciding factors (provenance)"]
    return (f'<div id="claims-by-form"><p>Each claim on every model form: the verdict at '
            f'this scenario (historical claims at theirs), and the label and share over the '
            f'plausible box (structural: the same verdict everywhere in the box, a consequence '
            f'of the model\'s construction, not a finding). <em>{_e(PRIOR_NOTE)}; '
            f'{_e(EDGE_NOTE)}.</em></p>'
            + _table(head, rows) + "</div>")


def _robustness(report: Report, svg: str) -> str:
    from triangle.report.claims_view import edge_verdict

    t = report.robustness
    rows = []
    for r in t.rows:
        lo, hi = r.interval
        deciding = ", ".join(f"<code>{_e(f.factor)}</code> ({'+' if f.shift > 0 else '−'}, "
                             f"{f.importance:.2f})" for f in r.deciding) or (
            "never changes" if r.share in (0.0, 1.0) else "interactions")
        edge = edge_verdict(report.analysis, r.id)  # not a finding at the point
        rows.append([f"<code>{_e(r.id)}</code>", _e(article_label(r.source)),
                     _badge(None, edge) if edge else _badge(r.holds_at_baseline),
                     f"{r.share:.1%}",
                     f"{lo:.1%} – {hi:.1%}", deciding])
    table = _table(["claim", "article", "at the scenario", "share", "95% interval",
                    "deciding factors"], rows, numeric=(3, 4))
    return (f'<figure id="fig-robustness">{svg}<figcaption>Each bar is the share of '
            f"{t.n:,} seeded samples (seed {_e(t.seed)}) of every factor, uniform over its "
            f"plausible range, in which the claim holds; the whisker is its 95% Wilson "
            f"interval; blue: the claim holds at the scenario, vermillion: it fails there."
            f"</figcaption></figure><details><summary>The table, with the deciding factors"
            f"</summary>{table}<p class='note'>Deciding factors: first-order Sobol' index "
            f"(share of the claim's variance the factor explains alone); + when the claim "
            f"holds more often at high values.</p></details>")


def _tornado(report: Report, svg: str) -> str:
    t = report.tornado
    crosses = [b.factor for b in t.bars if b.minimum < 0 < b.maximum]
    verdict = (f"{len(crosses)} factor{'s' if len(crosses) != 1 else ''} alone can make the "
               f"pivot pay: {', '.join(crosses)}." if crosses else
               "No factor alone, across its whole plausible range, makes the pivot pay.")
    return (f'<figure id="fig-tornado">{svg}<figcaption>{_e(verdict)} Bars: the range of the '
            f"gain as each factor crosses its plausible range in the scenario's world, the "
            f"others held at the scenario (the {min(len(t.bars), 12)} largest of "
            f"{len(t.bars)}).</figcaption></figure>")


def _regime(report: Report, svg: str) -> str:
    m = report.regime
    names = {f: factors[f].name for f in (m.x, m.y) if f in factors}
    axes = " and ".join(f"<code>{_e(f)}</code> ({_e(names.get(f, f))})" for f in (m.x, m.y))
    return (f'<figure id="fig-regime-map">{svg}<figcaption>The set of pure equilibria '
            f"(US/Russia/China) over {axes}, each across its plausible range on a "
            f"{len(m.x_values)} × {len(m.y_values)} grid, the other factors at the scenario; "
            f"the cross marks the scenario.</figcaption></figure>")


def _thresholds(report: Report) -> str:
    a = report.analysis
    if not a.nearest_searched:
        return "<p>Not searched (asked for 0 factors).</p>"
    if not a.nearest:
        return "<p>None: no single factor changes the pure equilibria within its range.</p>"
    rows = [[f"<code>{_e(n.factor)}</code><br><small>{_e(n.name)}</small>", f"{n.value:.4g}",
             f"{n.threshold:.4g}", _e(n.direction), f"{n.share:.1%}", _e(n.after)]
            for n in a.nearest]
    table = _table(["factor", "value", "threshold", "direction", "share of range",
                    "pure equilibria after"], rows, numeric=(1, 2, 4))
    ties = sum(n.share == 0 for n in a.nearest)
    if not ties:
        return table
    return (f'<p class="pending">The scenario sits exactly on a threshold of {ties} '
            f"factor{'s' if ties > 1 else ''} (0.0% of the range): an arbitrarily small move "
            f"changes the pure equilibria. At such a tie the threshold search does not yet "
            f"say which side gives which outcome (its direction reads \"down\" whatever the "
            f"side): read these rows as \"on a threshold\".</p>" + table)


def _provenance(report: Report) -> str:
    p = report.provenance
    s = report.scenario
    shipped = p.shipped
    items = [
        ("package", f"triangle {_e(p.version)}"),
        ("git commit", _e(p.commit or "not run from a checkout")
         + (" (tracked files modified)" if p.modified else "")),
        ("scenario", f"<code>{_e(p.scenario)}</code>: {_e(s.title)}"),
        ("defined in", _e(p.source or "Python")),
        ("started from", f"<code>{_e(p.base)}</code>" if p.base else "the registry's values"),
        ("model", f"<code>{_e(p.model)}</code>, {_e(p.form)} form; "
         + _e(", ".join(f"{k}={v!r}" for k, v in p.options.items()))),
        ("factor values digest", f"<code>{_e(p.digest)}</code> (SHA-256 of all "
                                 f"{len(p.values)} values and the options)"),
        ("robustness sample", f"{p.samples:,} samples, seed {_e(p.seed)}; {_e(p.prior)}"),
        ("date", _e(p.date)),
        ("versions", f"Python {_e(p.python)}, numpy {_e(p.numpy)}, sympy {_e(p.sympy)}"),
    ]
    if p.outside:
        items.insert(6, ("outside the plausible range",
                         '<span class="warn">' + ", ".join(_e(f) for f in p.outside)
                         + "</span> (allowed explicitly)"))
    dl = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in items)
    ranges = s.ranges()
    rows = []
    for fid, value in p.values.items():
        f = factors[fid]
        o = s.overrides.get(fid)
        if o is None:
            why = f"registry ({_e(f.provenance)})"
        else:
            quote = f"“{_e(o.sources[0].quote)}” ({_e(article_label(o.sources[0].file))})" \
                if o.sources else ""
            why = (f"<b>set</b> ({_e(o.provenance)}): {_e(o.reason)} {quote}").strip()
        flag = ' <span class="warn">outside its range</span>' if o is not None and o.outside \
            else ""
        lo, hi = o.declared_range if o is not None and o.outside else ranges[fid]
        rows.append([f"<code>{_e(fid)}</code> <span class=muted>{_e(f.name)}</span>",
                     f"{value:.6g}{flag}", f"{lo:g} – {hi:g}", _e(f.unit), why])
    values = _table(["factor", "value", "plausible range", "unit", "source of the value"], rows,
                    numeric=(1,), cls="compact")
    command = (f"triangle report --scenario {s.name} --samples {p.samples} --seed {p.seed}"
               if shipped else f"triangle report --scenario-file scenario.toml --samples "
                               f"{p.samples} --seed {p.seed}"
               + (" --allow-out-of-range" if p.outside else ""))
    toml = s.to_toml()
    return (f'<dl class="prov">{dl}</dl>'
            f"<details open><summary>All {len(p.values)} factor values</summary>{values}"
            f"</details><details><summary>Reproduce this page</summary><p>"
            + ("" if shipped else "Save the scenario below as <code>scenario.toml</code>, "
                                  "then run ")
            + f"<code>{_e(command)}</code> with triangle {_e(p.version)}. The values digest "
              f"of the new page must read <code>{_e(p.digest)}</code>.</p>"
              f"<pre>{_e(toml)}</pre></details>")


# --------------------------------------------------------------------- the page
def render_page(report: Report) -> str:
    """The report as one standalone HTML document (what :meth:`Report.to_html` returns).

    >>> from triangle.report import build_report
    >>> page = render_page(build_report("1972", samples=50, nearest=0, resolution=5))
    >>> "China (1972)" in page and page.count('<section id="') == 9
    True
    """
    a = report.analysis
    s = report.scenario
    svgs = figures(report)
    if s.name in scenarios.shipped and report.provenance.shipped:
        origin = "a scenario shipped with the package"
    else:
        origin = f"your scenario{f' from {report.provenance.source}' if s.source else ''}"
    seats = ", ".join(f"{a.label(p)} in {p}'s seat" for p in a.game.players if a.label(p) != p)
    bodies = {
        "summary": _summary(report),
        "equilibria": _equilibria(report),
        "responses": _responses(report),
        "claims": _claims(report),
        "robustness": _robustness(report, svgs["fig-robustness"]),
        "tornado": _tornado(report, svgs["fig-tornado"]),
        "regime-map": _regime(report, svgs["fig-regime-map"]),
        "thresholds": _thresholds(report),
        "provenance": _provenance(report),
    }
    russia = _e(a.label("Russia"))
    leads = {
        "summary": "What the model says at this scenario, at a glance.",
        "equilibria": "Every Nash equilibrium of the simultaneous three-player game at the "
                      "scenario's values (each passes an independent regret check), with the "
                      "Dittmer configuration of its outcome.",
        "responses": f"The US move is fixed; {russia} and {_e(a.label('China'))} then play the "
                     f"game it leaves: its equilibria, and {russia}'s best reply to each of "
                     f"{_e(a.label('China'))}'s moves.",
        "claims": "Each checkable claim of the five articles, at this scenario (historical "
                  "claims at their own scenario, 1972).",
        "robustness": "Where in the plausible factor space each claim holds, in this "
                      "scenario's world.",
        "tornado": f"{russia}'s payoff from pivoting minus staying, when the US engages on "
                   f"conditions and {_e(a.label('China'))} holds: above zero the pivot pays. "
                   "Each factor moves alone across its plausible range.",
        "regime-map": "Which pure equilibria hold as two factors move together.",
        "thresholds": "For each factor alone, the nearest value within its plausible range "
                      "at which the set of pure equilibria changes (exact).",
        "provenance": "What produced this page: enough to reproduce it and to cite it.",
    }
    sections = "\n".join(_section(sid, k, leads[sid], bodies[sid], a.label("Russia"))
                         for k, (sid, _) in enumerate(SECTIONS, 1))
    toc = "".join(f'<a href="#{sid}">{_e(title)}</a>' for sid, title in SECTIONS)
    p = report.provenance
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="triangle {_e(p.version)}">
<title>triangle report: {_e(s.name)}</title>
<style>{CSS}</style>
</head>
<body>
<header><div class="wrap">
<h1>The strategic triangle at scenario <code>{_e(s.name)}</code></h1>
<p><b>{_e(s.title)}.</b> {_e(s.description)}</p>
<p class="meta">{_e(origin)}; year {s.year}{f"; {_e(seats)}" if seats else ""};
{_e(p.summary())}</p>
<nav class="toc">{toc}</nav>
</div></header>
<main class="wrap">
{sections}
</main>
<footer class="wrap">Made by <code>triangle report</code> (triangle {_e(p.version)}). Cite the
package and the articles: <code>triangle.cite(...)</code>. Colours: Okabe–Ito palette.</footer>
<script type="application/json" id="report-data">{json_for_script(page_data(report))}</script>
<script>{_SELF_CHECK}</script>
</body>
</html>
"""
