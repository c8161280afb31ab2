"""Payoff tables for notebooks (HTML, LaTeX) and papers (LaTeX ``tabular``).

A game with n players is shown as one table per profile of players 3..n: rows are
player 1's strategies, columns player 2's, and each cell lists every player's payoff.
"""

from __future__ import annotations

import html
import itertools
from typing import TYPE_CHECKING

import sympy

if TYPE_CHECKING:
    from triangle.games.normal_form import NormalFormGame

__all__ = ["html_table", "latex_tables", "text_table"]


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
    esc = html.escape
    parts = [
        f"<div><b>NormalFormGame</b> ({'symbolic' if game.is_symbolic else 'numeric'}): "
        f"{esc(', '.join(game.players))}; payoffs listed in that order.</div>"
    ]
    for title, cells in _slices(game):
        head = "".join(f"<th>{esc(s)}</th>" for s in game.strategies[1])
        body = "".join(
            f"<tr><th>{esc(game.strategies[0][r])}</th>"
            + "".join(f"<td>{esc(', '.join(_num(v) for v in cell))}</td>" for cell in row)
            + "</tr>"
            for r, row in enumerate(cells)
        )
        caption = f"<caption>{esc(title)}</caption>" if title else ""
        corner = f"<th>{esc(game.players[0])} \\ {esc(game.players[1])}</th>"
        parts.append(
            f"<table>{caption}<thead><tr>{corner}{head}</tr></thead><tbody>{body}</tbody></table>"
        )
    return "\n".join(parts)


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
