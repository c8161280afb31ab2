"""Payoff tables for notebooks (HTML, LaTeX) and papers (LaTeX ``tabular``), and the
building blocks every result type of the package displays itself with.

A game with n players is shown as one table per profile of players 3..n: rows are
player 1's strategies, columns player 2's, and each cell lists every player's payoff.
A model game (one with payoff ``terms``) shows in each cell the names of the terms that
make each payoff, each folded over its full expression (``<details>``).

The result types (equilibria, analyses, claims, thresholds, tornado charts, ...) build
their ``_repr_html_`` with :func:`result_html`, their ``to_latex`` with :func:`booktabs`
and their ``to_frame`` with :func:`frame`, so that every display looks alike.
"""

from __future__ import annotations

import html
import importlib
import itertools
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import sympy

from triangle.errors import (
    InvalidArgumentError,
    InvalidArgumentTypeError,
    MissingDependencyError,
)
from triangle.games.symbolic import check_game

if TYPE_CHECKING:
    from triangle.games.normal_form import NormalFormGame

__all__ = ["TableDisplay", "booktabs", "frame", "frame_of", "html_of", "html_table",
           "latex_of", "latex_tables", "mixed_text", "number_text", "provenance_comments",
           "provenance_fold", "result_html", "scenario_html", "tex", "text_table"]


def _slices(game: NormalFormGame):
    """Yield (title, cells) per profile of players 3..n; cells[r][c] is a tuple of payoffs."""
    rest = [range(m) for m in game.shape[2:]]
    for others in itertools.product(*rest):
        title = ", ".join(
            f"{game.players[k + 2]}: {game.strategies[k + 2][j]}" for k, j in enumerate(others)
        )
        cells = [
            [
                tuple(game.payoffs[(i, r, c, *others)] for i in range(game.n_players))
                for c in range(game.shape[1])
            ]
            for r in range(game.shape[0])
        ]
        yield title, cells


def _num(x) -> str:
    if isinstance(x, sympy.Basic):
        return str(x)
    x = float(x)
    return "0" if x == 0 else f"{x:.4g}"


def _latex(x) -> str:
    if isinstance(x, sympy.Basic):
        return sympy.latex(x)
    return _num(x)


def text_table(game: NormalFormGame) -> str:
    """Plain-text payoff tables (what ``print(game)`` shows).

    >>> import triangle as tri
    >>> print(tri.NormalFormGame.from_bimatrix([[1, 0]], [[0, 1]], players=("A", "B")))
    A \\ B  s1    s2
    s1     1, 0  0, 1
    """
    check_game(game, "text_table")
    blocks = []
    for title, cells in _slices(game):
        header = [f"{game.players[0]} \\ {game.players[1]}", *game.strategies[1]]
        rows = [
            [game.strategies[0][r]] + [", ".join(_num(v) for v in cell) for cell in row]
            for r, row in enumerate(cells)
        ]
        widths = [max(len(str(line[j])) for line in [header, *rows]) for j in range(len(header))]
        lines = [
            "  ".join(str(v).ljust(w) for v, w in zip(line, widths)).rstrip()
            for line in [header, *rows]
        ]
        blocks.append((f"[{title}]\n" if title else "") + "\n".join(lines))
    return "\n\n".join(blocks)


def html_table(game: NormalFormGame) -> str:
    """HTML payoff tables, one per profile of players 3..n (``_repr_html_``).

    >>> import triangle as tri
    >>> g = tri.NormalFormGame.from_bimatrix([[1, 0]], [[0, 1]], players=("A", "B"))
    >>> print(html_table(g).replace("<tr>", "\\n<tr>"))
    <div><b>NormalFormGame</b> (numeric): A, B; payoffs listed in that order.</div>
    <table><thead>
    <tr><th>A \\ B</th><th>s1</th><th>s2</th></tr></thead><tbody>
    <tr><th>s1</th><td>1, 0</td><td>0, 1</td></tr></tbody></table>
    """
    check_game(game, "html_table")
    esc = html.escape
    terms = getattr(game, "terms", None) if game.is_symbolic else None
    intro = "payoffs listed in that order"
    if terms:
        intro = ("each cell names the terms of each player's payoff; open one for its "
                 "expression")
    parts = [
        f"<div><b>NormalFormGame</b> ({'symbolic' if game.is_symbolic else 'numeric'}): "
        f"{esc(', '.join(game.players))}; {intro}.</div>"
    ]
    for title, cells in _slices(game):
        head = "".join(f"<th>{esc(s)}</th>" for s in game.strategies[1])
        others = [s.split(": ", 1)[1] for s in title.split(", ")] if title else []

        def show(r: int, c: int, cell: tuple[Any, ...], others: list[str] = others) -> str:
            if not terms:
                return esc(", ".join(_num(v) for v in cell))
            profile = dict(zip(game.players, [game.strategies[0][r], game.strategies[1][c],
                                              *others]))
            return "".join(_term_fold(player, value, terms, profile)
                           for player, value in zip(game.players, cell))

        top = " style='vertical-align:top;min-width:11em;max-width:18em'" if terms else ""
        body = "".join(
            f"<tr><th>{esc(game.strategies[0][r])}</th>"
            + "".join(f"<td{top}>{show(r, c, cell)}</td>" for c, cell in enumerate(row))
            + "</tr>"
            for r, row in enumerate(cells)
        )
        caption = f"<caption>{esc(title)}</caption>" if title else ""
        corner = f"<th>{esc(game.players[0])} \\ {esc(game.players[1])}</th>"
        table = (f"<table>{caption}<thead><tr>{corner}{head}</tr></thead>"
                 f"<tbody>{body}</tbody></table>")
        # wide games scroll sideways instead of losing their last columns
        parts.append(f'<div style="overflow-x:auto">{table}</div>' if terms else table)
    return "\n".join(parts)


def _term_fold(player: str, value: Any, terms: Any, profile: dict[str, str]) -> str:
    """One player's payoff in a cell: the names of its terms, folded over the expression."""
    esc = html.escape
    names = [t.id for t in terms if t.player == player and t.applies(profile)]
    label = " + ".join(names) if names else "0"
    # small, wrapping and unboxed, so that three players fit in a cell of a narrow page
    return (f"<details style='{_FOLD}'><summary style='{_SUMMARY}'><b>{esc(player)}</b>: "
            f"{esc(label)}</summary><code style='white-space:normal'>{esc(_num(value))}"
            f"</code></details>")


_FOLD = "margin:0 0 0.3em 0;padding:0;border:0;box-shadow:none;font-size:0.8em;line-height:1.3"
_SUMMARY = "white-space:normal;overflow-wrap:anywhere;cursor:pointer"


def _tex_text(s: str) -> str:
    for a, b in (
        ("\\", r"\textbackslash{}"),
        ("_", r"\_"),
        ("&", r"\&"),
        ("%", r"\%"),
        ("#", r"\#"),
    ):
        s = s.replace(a, b)
    return s


def latex_tables(
    game: NormalFormGame, environment: str = "tabular", caption: str | None = None
) -> str:
    """LaTeX payoff tables: ``tabular`` floats for papers, or ``array`` for notebooks.

    >>> import triangle as tri
    >>> g = tri.NormalFormGame.from_bimatrix([[1, 0]], [[0, 1]], players=("A", "B"))
    >>> print(latex_tables(g, caption="A toy game"))
    \\begin{table}[ht]
    \\centering
    \\caption{A toy game}
    \\begin{tabular}{lcc}
    \\hline
    A $\\backslash$ B & s1 & s2 \\\\
    \\hline
    s1 & $1, 0$ & $0, 1$ \\\\
    \\hline
    \\end{tabular}
    \\end{table}
    >>> print(latex_tables(g, environment="array"))
    $$\\begin{array}{l|cc}
     & \\text{s1} & \\text{s2} \\\\ \\hline
    \\text{s1} & 1, 0 & 0, 1
    \\end{array}$$
    """
    check_game(game, "latex_tables")
    if not isinstance(environment, str) or environment not in ("tabular", "array"):
        raise InvalidArgumentError(
            f"environment must be 'tabular' (a table float for a paper) or 'array' (math "
            f"for a notebook); got {environment!r}."
        )
    if caption is not None and not isinstance(caption, str):
        raise InvalidArgumentTypeError(
            f"caption is a string (LaTeX allowed) or None; got {type(caption).__name__} "
            f"{caption!r}."
        )
    blocks = []
    ncol = game.shape[1]
    for title, cells in _slices(game):
        if environment == "array":
            head = " & ".join([""] + [rf"\text{{{_tex_text(s)}}}" for s in game.strategies[1]])
            rows = [
                " & ".join(
                    [rf"\text{{{_tex_text(game.strategies[0][r])}}}"]
                    + [", ".join(_latex(v) for v in cell) for cell in row]
                )
                for r, row in enumerate(cells)
            ]
            label = rf"\text{{{_tex_text(title)}}}\quad " if title else ""
            blocks.append(
                label
                + r"\begin{array}{l|"
                + "c" * ncol
                + "}\n"
                + head
                + r" \\ \hline"
                + "\n"
                + " \\\\\n".join(rows)
                + "\n\\end{array}"
            )
        else:
            head = " & ".join(
                [f"{_tex_text(game.players[0])} $\\backslash$ {_tex_text(game.players[1])}"]
                + [_tex_text(s) for s in game.strategies[1]]
            )
            rows = [
                " & ".join(
                    [_tex_text(game.strategies[0][r])]
                    + ["$" + ", ".join(_latex(v) for v in cell) + "$" for cell in row]
                )
                for r, row in enumerate(cells)
            ]
            cap = "; ".join(filter(None, [caption, _tex_text(title) if title else None]))
            blocks.append(
                "\\begin{table}[ht]\n\\centering\n"
                + (f"\\caption{{{cap}}}\n" if cap else "")
                + "\\begin{tabular}{l"
                + "c" * ncol
                + "}\n\\hline\n"
                + head
                + " \\\\\n\\hline\n"
                + " \\\\\n".join(rows)
                + " \\\\\n\\hline\n\\end{tabular}\n\\end{table}"
            )
    if environment == "array":
        return "$$" + r"\qquad ".join(blocks) + "$$"
    return "\n\n".join(blocks)


# --------------------------------------------------------------------------- result displays
_STYLE = ("font-family:inherit;border-collapse:collapse;margin:0.3em 0;font-size:0.95em")


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def result_html(
    title: str,
    summary: str = "",
    headers: Sequence[str] = (),
    rows: Iterable[Sequence[Any]] = (),
    *,
    notes: Iterable[str] = (),
    folds: Iterable[tuple[str, str]] = (),
    max_rows: int = 12,
    raw_columns: Iterable[int] = (),
) -> str:
    """A compact HTML block: a bold title, a one-line summary, a table and folded extras.

    Rows beyond ``max_rows`` fold into a ``<details>`` below the table, so a long result
    takes a few lines until the reader opens it. ``folds`` are ``(summary, html)`` pairs
    shown folded (the provenance, the references); ``raw_columns`` are the indices of
    columns whose cells are HTML already (everything else is escaped).

    >>> page = result_html("Equilibria", "1 equilibrium", ["#", "profile"], [[1, "a & b"]])
    >>> print(page.replace("<t", "\\n<t"))  # doctest: +ELLIPSIS
    <div class="triangle-result"><b>Equilibria</b> 1 equilibrium<div style="overflow-x:auto">
    <table style="...">
    <thead>
    <tr>
    <th>#</th>
    <th>profile</th></tr></thead>
    <tbody>
    <tr>
    <td>1</td>
    <td>a &amp; b</td></tr></tbody></table></div></div>
    """
    esc = html.escape
    raw = set(raw_columns)
    table_rows: list[list[Any]] = [list(r) for r in rows]

    def body(chunk: list[list[Any]]) -> str:
        return "".join(
            "<tr>" + "".join(
                f"<td>{_cell(v) if k in raw else esc(_cell(v))}</td>" for k, v in enumerate(r)
            ) + "</tr>"
            for r in chunk
        )

    def table(chunk: list[list[Any]]) -> str:
        head = "".join(f"<th>{esc(h)}</th>" for h in headers)
        # a wide table scrolls inside its block instead of losing its last columns
        return (f'<div style="overflow-x:auto"><table style="{_STYLE}"><thead><tr>{head}'
                f"</tr></thead><tbody>{body(chunk)}</tbody></table></div>")

    out = [f'<div class="triangle-result"><b>{esc(title)}</b>' if title else
           '<div class="triangle-result">']
    if summary:
        out.append(f" {esc(summary)}")
    if headers:
        out.append(table(table_rows[:max_rows]))
        if len(table_rows) > max_rows:
            out.append(f"<details><summary>{len(table_rows) - max_rows} more rows</summary>"
                       f"{table(table_rows[max_rows:])}</details>")
    out.extend(f"<div><small>{esc(n)}</small></div>" for n in notes)
    out.extend(f"<details><summary>{esc(s)}</summary>{h}</details>" for s, h in folds)
    out.append("</div>")
    return "".join(out)


def tex(value: Any) -> str:
    """Text for LaTeX: ``\\ _ & % # $ { } ~ ^`` escaped (numbers as they print).

    >>> print(tex("US_share & 5% #1"))
    US\\_share \\& 5\\% \\#1
    """
    text = _cell(value)
    out = []
    for ch in text:
        out.append({"\\": r"\textbackslash{}", "_": r"\_", "&": r"\&", "%": r"\%",
                    "#": r"\#", "$": r"\$", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}",
                    "^": r"\textasciicircum{}"}.get(ch, ch))
    return "".join(out)


def booktabs(
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    caption: str | None = None,
    label: str | None = None,
    comments: Iterable[str] = (),
    align: str | None = None,
    raw_columns: Iterable[int] = (),
) -> str:
    """A LaTeX ``table`` with a booktabs ``tabular`` (``\\usepackage{booktabs}``).

    ``comments`` go above the table as ``%`` lines (the provenance, so that the ``.tex``
    file records what produced it); cells are escaped except in ``raw_columns``.

    >>> print(booktabs(["claim", "share"], [["c_1", 0.25]], caption="Robustness",
    ...                label="tab:r", comments=["triangle 0.1.0"]))
    % triangle 0.1.0
    \\begin{table}[ht]
    \\centering
    \\caption{Robustness}
    \\label{tab:r}
    \\begin{tabular}{lr}
    \\toprule
    claim & share \\\\
    \\midrule
    c\\_1 & 0.25 \\\\
    \\bottomrule
    \\end{tabular}
    \\end{table}
    """
    raw = set(raw_columns)
    rows = [list(r) for r in rows]
    if align is None:  # numbers right-aligned, text left
        align = "".join("r" if rows and all(isinstance(r[k], (int, float)) for r in rows)
                        else "l" for k in range(len(headers)))
    lines = [f"% {c}" for text in comments for c in str(text).splitlines()]
    lines += ["\\begin{table}[ht]", "\\centering"]
    if caption:
        lines.append(f"\\caption{{{tex(caption)}}}")
    if label:
        lines.append(f"\\label{{{label}}}")
    lines += [f"\\begin{{tabular}}{{{align or 'l' * len(headers)}}}", "\\toprule",
              " & ".join(tex(h) for h in headers) + " \\\\", "\\midrule"]
    lines += [" & ".join(_cell(v) if k in raw else tex(v) for k, v in enumerate(r)) + " \\\\"
              for r in rows]
    lines += ["\\bottomrule", "\\end{tabular}", "\\end{table}"]
    return "\n".join(lines)


def frame(headers: Sequence[str], rows: Iterable[Sequence[Any]], *,
          index: str | None = None) -> Any:
    """A :class:`pandas.DataFrame` of the rows (pandas is the optional extra ``pandas``).

    ``index`` names the column to use as the index.

    >>> frame(["factor", "swing"], [["relief", 2.0]], index="factor")
            swing
    factor
    relief    2.0
    """
    try:
        pd = importlib.import_module("pandas")
    except ImportError:
        raise MissingDependencyError(
            "tables as DataFrames need the optional dependency 'pandas'; install it with: "
            'pip install "strategic-triangle[pandas]"'
        ) from None
    df = pd.DataFrame([list(r) for r in rows], columns=list(headers))
    return df.set_index(index) if index else df


def scenario_html(scenario: Any) -> str:
    """A scenario in a notebook: its title, players, and each value it sets with the
    articles behind it (author and year with the citation key), the reason folded.

    >>> import triangle as tri
    >>> page = scenario_html(tri.scenarios["1972"])
    >>> "China (1972)" in page, "Petrenko (2025) [petrenko2025]" in page
    (True, True)
    """
    from triangle.citations import citation_label, cite

    if not all(hasattr(scenario, a) for a in ("overrides", "labels", "digest", "title")):
        hint = (f" For a scenario by name, pass triangle.scenarios[{scenario!r}]."
                if isinstance(scenario, str) else "")
        raise InvalidArgumentTypeError(
            f"scenario_html takes a Scenario (triangle.scenarios[name], or "
            f"Scenario.from_toml(path)); got {type(scenario).__name__}.{hint}"
        )
    rows = []
    for fid, o in scenario.overrides.items():
        articles = ", ".join(dict.fromkeys(citation_label(s.file) for s in o.sources))
        low, high = o.range
        rows.append([fid, f"{o.value:g}", f"{low:g} to {high:g}", o.provenance,
                     articles or "-", o.reason])
    seats = [f"{p} in the seat of {seat}" for seat, p in scenario.labels.items() if p != seat]
    notes = [scenario.description] if scenario.description else []
    notes += [f"Players: {', '.join(seats)}."] if seats else []
    refs = "".join(f"<div>{html.escape(line)}</div>" for line in cite(scenario).splitlines())
    summary = (f"{scenario.title} ({scenario.year}); {len(rows)} values set"
               + (f" on {scenario.base!r}" if scenario.base else "")
               + f"; digest {scenario.digest}")
    return result_html(f"Scenario {scenario.name!r}", summary,
                       ["factor", "value", "range", "kind", "articles", "why"], rows,
                       notes=notes, folds=[("References", refs)])


#: The class of the fold that holds a result's provenance in its display.
PROVENANCE_FOLD = "triangle-provenance"


def provenance_fold(page: str, provenance: Any) -> str:
    """``page`` (a result's HTML block) with ``provenance`` folded at its end.

    Nothing is added when there is no provenance, or when the page shows one already.

    >>> from types import SimpleNamespace
    >>> p = SimpleNamespace(_repr_html_=lambda: "<i>triangle 0.1</i>")
    >>> provenance_fold('<div class="triangle-result"><b>Demo</b></div>', p)
    '<div class="triangle-result"><b>Demo</b><details class="triangle-provenance"><summary>Provenance</summary><i>triangle 0.1</i></details></div>'
    >>> provenance_fold("<p>x</p>", None)
    '<p>x</p>'
    """  # noqa: E501
    if provenance is None or not hasattr(provenance, "_repr_html_") or PROVENANCE_FOLD in page:
        return page
    fold = (f'<details class="{PROVENANCE_FOLD}"><summary>Provenance</summary>'
            f"{provenance._repr_html_()}</details>")
    page = page.rstrip()
    if page.endswith("</div>"):  # inside the result's block
        return page.removesuffix("</div>") + fold + "</div>"
    return page + fold


def provenance_comments(provenance: Any) -> list[str]:
    """The ``comments`` of :func:`booktabs` for a result's provenance: its ``%`` lines
    without their ``% `` (booktabs puts it back), or the package version when there is none.

    >>> from types import SimpleNamespace
    >>> p = SimpleNamespace(to_latex=lambda: "% provenance: triangle 0.1\\n% values: a=1")
    >>> provenance_comments(p)
    ['provenance: triangle 0.1', 'values: a=1']
    >>> provenance_comments(None)  # doctest: +ELLIPSIS
    ['triangle ...; cite with triangle.cite(result)']
    """
    if provenance is not None and hasattr(provenance, "to_latex"):
        return [line.removeprefix("% ") for line in provenance.to_latex().splitlines()]
    from triangle._version import __version__

    return [f"triangle {__version__}; cite with triangle.cite(result)"]


def html_of(result: Any) -> str:
    """The notebook display of a result that gives ``_table()`` (see :class:`TableDisplay`).

    The table, with the result's ``provenance`` and references (``__cite__``) folded below.

    >>> from types import SimpleNamespace
    >>> r = SimpleNamespace(_title="Demo", _summary=lambda: "two rows",
    ...                     _table=lambda: (["a"], [[1], [2]]))
    >>> html_of(r).startswith('<div class="triangle-result"><b>Demo</b> two rows')
    True
    """
    from triangle.citations import cite

    headers, rows = result._table()
    folds = []
    if hasattr(result, "__cite__"):
        refs = "".join(f"<div>{html.escape(line)}</div>" for line in cite(result).splitlines())
        folds.append(("References", refs))
    notes = result._notes() if hasattr(result, "_notes") else ()
    summary = result._summary() if hasattr(result, "_summary") else ""
    page = result_html(getattr(result, "_title", type(result).__name__), summary, headers,
                       rows, notes=notes, folds=folds)
    return provenance_fold(page, getattr(result, "provenance", None))


def latex_of(result: Any, caption: str | None = None, label: str | None = None) -> str:
    """A result's table in LaTeX (booktabs), its provenance in ``%`` lines above it.

    >>> from types import SimpleNamespace
    >>> r = SimpleNamespace(_title="Demo", _table=lambda: (["a"], [[1]]))
    >>> print(latex_of(r, label="tab:demo").splitlines()[0])  # doctest: +ELLIPSIS
    % triangle ...; cite with triangle.cite(result)
    """
    headers, rows = result._table()
    stamp = provenance_comments(getattr(result, "provenance", None))
    summary = result._summary() if hasattr(result, "_summary") else ""
    title = getattr(result, "_title", type(result).__name__)
    return booktabs(headers, rows, caption=caption or f"{title} {summary}".strip(),
                    label=label, comments=stamp)


def frame_of(result: Any) -> Any:
    """A result's table as a :class:`pandas.DataFrame` (the optional extra ``pandas``).

    >>> from types import SimpleNamespace
    >>> frame_of(SimpleNamespace(_table=lambda: (["a", "b"], [[1, 2]]))).shape
    (1, 2)
    """
    headers, rows = result._table()
    return frame(headers, rows)


class TableDisplay:
    """What a result type needs to display itself: a notebook table, LaTeX and pandas.

    A subclass gives ``_table()`` (headers and rows), and may give ``_title``,
    ``_summary()``, ``_notes()``, a ``provenance`` attribute (shown folded in HTML and
    as ``%`` lines in LaTeX) and ``__cite__`` (the references, shown folded in HTML).
    Classes that cannot take a base class call :func:`html_of`, :func:`latex_of` and
    :func:`frame_of` from their own methods.

    >>> class Demo(TableDisplay):
    ...     _title = "Demo"
    ...     def _table(self):
    ...         return ["factor", "value"], [["a_b", 1.0]]
    ...     def __cite__(self):
    ...         return ("triangle",)
    >>> "<b>Demo</b>" in Demo()._repr_html_(), r"a\\_b & 1" in Demo().to_latex()
    (True, True)
    >>> Demo().to_frame().shape
    (1, 2)
    """

    _title = "Result"

    def _table(self) -> tuple[list[str], list[list[Any]]]:
        raise NotImplementedError

    def _summary(self) -> str:
        return ""

    def _notes(self) -> tuple[str, ...]:
        return ()

    def _repr_html_(self) -> str:
        return html_of(self)

    def to_latex(self, caption: str | None = None, label: str | None = None) -> str:
        """The table in LaTeX (booktabs), with its provenance in ``%`` lines above it."""
        return latex_of(self, caption, label)

    def to_frame(self) -> Any:
        """The table as a :class:`pandas.DataFrame` (the optional extra ``pandas``)."""
        return frame_of(self)


# --------------------------------------------------------------------- mixed strategies in text
def number_text(x: Any) -> str:
    """A probability or payoff as results print it: a ``Fraction`` as it is, a float to six
    significant digits.

    >>> from fractions import Fraction
    >>> number_text(Fraction(2, 3)), number_text(0.6666666), number_text(-0.0)
    ('2/3', '0.666667', '0')
    """
    if isinstance(x, Fraction):
        return str(x)
    x = float(x)
    return f"{x:.6g}" if x != 0 else "0"


def mixed_text(names: Sequence[str], probabilities: Iterable[Any]) -> str:
    """A mixed strategy as results print it: the one strategy it plays, or its mixture.

    Shared by the equilibria of normal-form and Bayesian games.

    >>> from fractions import Fraction
    >>> mixed_text(("B", "S"), [1, 0]), mixed_text(("B", "S"), [Fraction(2, 3), Fraction(1, 3)])
    ('B', '2/3 B + 1/3 S')
    """
    terms = [(name, x) for name, x in zip(names, probabilities) if x > 0]
    if len(terms) == 1:
        return terms[0][0]
    return " + ".join(f"{number_text(x)} {name}" for name, x in terms)
