r"""The LaTeX tables of payoff sets and logit QRE results, read back structurally.

Each ``to_latex`` is parsed as a booktabs table: the provenance in ``%`` lines above
``\begin{table}``, then ``\toprule``, the header, ``\midrule``, the rows (each with as
many cells as the column specification has columns), ``\bottomrule``; the numbers in the
rows are read back and compared with the result's own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pytest

import triangle as tri
from triangle.errors import InvalidArgumentError
from triangle.solvers.repeated_abreu_sannikov import abreu_sannikov, outer_payoff_set

PD = tri.NormalFormGame.from_bimatrix([[9, 1], [10, 3]], [[9, 10], [1, 3]])
PENNIES = tri.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
CD = tri.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
                                      strategies=(("C", "D"), ("C", "D")))


@dataclass
class Table:
    comments: list[str]
    caption: str
    label: str
    align: str
    header: list[str]
    rows: list[list[str]]


def cells(line: str) -> list[str]:
    assert line.endswith(r" \\"), line
    return [c.strip() for c in re.split(r"(?<!\\)&", line.removesuffix(r" \\"))]


def parse(text: str) -> Table:
    """A booktabs table, or an AssertionError saying what is out of place."""
    lines = text.splitlines()
    k = 0
    comments = []
    while lines[k].startswith("%"):
        comments.append(lines[k].removeprefix("% "))
        k += 1
    assert lines[k] == r"\begin{table}[ht]" and lines[k + 1] == r"\centering", lines[k:k + 2]
    k += 2
    caption = label = ""
    if lines[k].startswith(r"\caption{"):
        caption, k = lines[k][len(r"\caption{"):-1], k + 1
    if lines[k].startswith(r"\label{"):
        label, k = lines[k][len(r"\label{"):-1], k + 1
    spec = re.fullmatch(r"\\begin\{tabular\}\{([lcr]+)\}", lines[k])
    assert spec, lines[k]
    assert lines[k + 1] == r"\toprule" and lines[k + 3] == r"\midrule", lines[k + 1:k + 4]
    header = cells(lines[k + 2])
    end = lines.index(r"\bottomrule")
    rows = [cells(line) for line in lines[k + 4:end]]
    assert lines[end + 1:] == [r"\end{tabular}", r"\end{table}"], lines[end:]
    width = len(spec.group(1))
    assert len(header) == width and all(len(r) == width for r in rows), (width, header, rows)
    assert not any(line.startswith("%") for line in lines[k:]), "a % line inside the table"
    return Table(comments, caption, label, spec.group(1), header, rows)


def check_provenance(table: Table, result: object) -> None:
    p = result.provenance  # type: ignore[attr-defined]
    first = table.comments[0]
    assert first.startswith(f"provenance: triangle {tri.__version__}"), first
    assert f"values digest {p.digest}" in first and p.date in first


def test_the_parser_refuses_a_broken_table():
    good = tri.logit_qre(CD, 1.0).to_latex()
    parse(good)
    with pytest.raises(AssertionError):
        parse(good.replace(r"\midrule", ""))
    with pytest.raises(AssertionError):
        parse(good.replace(r"\begin{tabular}{llr}", r"\begin{tabular}{lr}"))
    with pytest.raises(AssertionError):
        parse(good.replace(r"\bottomrule", "% late\n\\bottomrule"))


@pytest.mark.parametrize("solve", [abreu_sannikov, outer_payoff_set])
def test_a_payoff_set_as_latex(solve):
    s = solve(PD, 0.9)
    table = parse(s.to_latex(label="tab:pd"))
    check_provenance(table, s)
    assert table.label == "tab:pd" and s.method.replace("_", r"\_") in table.caption
    assert table.header[:3] == ["vertex", "Player 1", "Player 2"]
    assert len(table.rows) == len(s.vertices)
    got = np.array([[float(r[1]), float(r[2])] for r in table.rows])
    assert np.allclose(got, s.vertices, rtol=1e-5)
    if s.profiles is not None:
        assert table.header[3:] == ["first profile", "continuation"]
        assert [r[3] for r in table.rows] == [", ".join(p) for p in s.profiles]
    else:
        assert table.align == "rrr"


def test_an_empty_payoff_set_says_so():
    s = abreu_sannikov(PENNIES, 0.1)
    assert s.is_empty
    table = parse(s.to_latex())
    assert table.rows == [] and "empty" in table.caption and "nan" not in table.caption
    check_provenance(table, s)


def test_a_logit_qre_as_latex():
    q = tri.logit_qre(CD, 1.0)
    table = parse(q.to_latex(caption="QRE & more"))
    check_provenance(table, q)
    assert table.caption == r"QRE \& more"
    assert table.header == ["player", "strategy", "probability"]
    for i, player in enumerate(q.players):
        mine = [float(r[2]) for r in table.rows if r[0] == player]
        assert np.allclose(mine, q[i], atol=1e-6) and abs(sum(mine) - 1) < 1e-5
    assert any(c.startswith("lam 1; residual") for c in table.comments)


@pytest.mark.parametrize("rows", [2, 5, 40])
def test_a_logit_branch_as_latex(rows):
    branch = tri.logit_branch(CD)
    table = parse(branch.to_latex(rows=rows))
    check_provenance(table, branch)
    assert table.header == ["lam", "Player 1: C", "Player 1: D", "Player 2: C", "Player 2: D"]
    lams = [float(r[0]) for r in table.rows]
    assert lams[0] == 0.0 and np.isclose(lams[-1], branch.lams[-1], rtol=1e-5)
    assert len(table.rows) <= min(rows, len(branch)) + len(branch.turning_points)
    assert "limit Player 1: D, Player 2: D" in table.caption
    for r in table.rows:  # each point is on the branch: a profile at that lam
        k = int(np.argmin(np.abs(branch.lams - float(r[0]))))
        assert np.allclose([float(x) for x in r[1:]], np.concatenate(branch.profiles[k]),
                           atol=1e-5)


def test_a_branch_table_refuses_a_meaningless_row_count():
    branch = tri.logit_branch(CD)
    for bad in (1, 0, 2.5, "3", None, 10**9):
        with pytest.raises(InvalidArgumentError):
            branch.to_latex(rows=bad)


def test_a_logit_fit_as_latex():
    fit = tri.logit_fit(CD, [[30, 70], [25, 75]])
    table = parse(fit.to_latex())
    check_provenance(table, fit)
    assert table.header == ["parameter", "estimate", "std. error"]
    assert [r[0] for r in table.rows] == list(fit.params)
    assert np.isclose(float(table.rows[0][1]), fit.lam, rtol=1e-5)
    assert np.isclose(float(table.rows[0][2]), fit.lam_se, rtol=1e-5)
