r"""LaTeX tables of the logit QRE results (a point, a branch, a fit), for a paper.

Each table is a booktabs ``table`` (``\usepackage{booktabs}``) with the result's
provenance in ``%`` lines above it, as every ``to_latex`` of the package gives. The
methods live here, as bases of :class:`~triangle.solvers.logit.LogitQRE`,
:class:`~triangle.solvers.logit.LogitBranch` and
:class:`~triangle.solvers.logit_fit.LogitFit`, so that the solvers' modules keep to
their size.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from triangle.registries import check_count

__all__ = ["BranchLatex", "FitLatex", "QRELatex"]


def _p(x: Any) -> str:
    """A probability or estimate to six significant digits."""
    x = float(x)
    return f"{x:.6g}" if x != 0 else "0"


def _unit(normalized: bool) -> str:
    return " (per payoff range)" if normalized else ""


class QRELatex:
    """``to_latex`` of a logit QRE point (a base of
    :class:`~triangle.solvers.logit.LogitQRE`)."""

    def to_latex(self, caption: str | None = None, label: str | None = None) -> str:
        r"""The QRE as a booktabs table: one row per player and strategy, its probability.

        >>> import triangle as tri
        >>> pd = tri.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
        ...                                       strategies=(("C", "D"), ("C", "D")))
        >>> print(tri.logit_qre(pd, 1.0).to_latex())  # doctest: +ELLIPSIS
        % provenance: triangle ...
        % lam 1; residual ...
        \begin{table}[ht]
        \centering
        \caption{Logit QRE at lam = 1}
        \begin{tabular}{llr}
        \toprule
        player & strategy & probability \\
        \midrule
        Player 1 & C & 0.226751 \\
        Player 1 & D & 0.773249 \\
        Player 2 & C & 0.226751 \\
        Player 2 & D & 0.773249 \\
        \bottomrule
        \end{tabular}
        \end{table}
        """
        q: Any = self
        rows = [[player, s, _p(x)]
                for player, names, p in zip(q.players, q.strategies, q) for s, x in zip(names, p)]
        if caption is None:
            caption = f"Logit QRE at lam = {q.lam:g}{_unit(q.normalized)}"
        return q._booktabs(["player", "strategy", "probability"], rows, caption, label,
                           notes=[f"lam {q.lam:g}; residual {q.residual:.1e}"], align="llr")


class BranchLatex:
    """``to_latex`` of a logit QRE branch (a base of
    :class:`~triangle.solvers.logit.LogitBranch`)."""

    def to_latex(self, caption: str | None = None, label: str | None = None,
                 rows: int = 12) -> str:
        r"""Points of the branch as a booktabs table: ``lam``, then every probability.

        ``rows`` points are shown, evenly spaced along the branch (the first and the last
        always, and every turning point); the limit equilibrium goes in the caption.

        >>> import triangle as tri
        >>> pd = tri.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
        ...                                       strategies=(("C", "D"), ("C", "D")))
        >>> text = tri.logit_branch(pd).to_latex(rows=3)
        >>> print(text)  # doctest: +ELLIPSIS
        % provenance: triangle ...
        % ... points traced; 3 shown ...
        \begin{table}[ht]
        \centering
        \caption{Logit QRE branch: ... points up to lam = ...; limit Player 1: D, Player 2: D}
        \begin{tabular}{rrrrr}
        \toprule
        lam & Player 1: C & Player 1: D & Player 2: C & Player 2: D \\
        \midrule
        0 & 0.5 & 0.5 & 0.5 & 0.5 \\
        ...
        \bottomrule
        \end{tabular}
        \end{table}
        """
        b: Any = self
        shown = int(check_count(rows, "rows", minimum=2, maximum=100_000) or 2)
        n = len(b)
        chosen = set(np.linspace(0, n - 1, min(shown, n)).round().astype(int).tolist())
        for turn in b.turning_points:  # the points where the branch turns
            chosen.add(int(np.argmin(np.abs(b.lams - turn))))
        first = b.profiles[0]
        headers = ["lam", *(f"{player}: {s}" for player, names in
                            zip(first.players, first.strategies) for s in names)]
        table = [[_p(b.lams[k]), *(_p(x) for p in b.profiles[k] for x in p)]
                 for k in sorted(chosen)]
        if caption is None:
            eq = b.equilibrium
            limit = ("not reached" if eq is None else ", ".join(
                f"{player}: {eq._strategy_text(i)}" for i, player in enumerate(eq.players)))
            caption = (f"Logit QRE branch: {n} points up to lam = {_p(b.lams[-1])}"
                       f"{_unit(b.normalized)}; limit {limit}")
        notes = [f"{n} points traced; {len(table)} shown (evenly spaced, with the turning "
                 f"points); largest regret at the last {b.regret:.1e}", *b.notes]
        return b._booktabs(headers, table, caption, label, notes=notes,
                           align="r" * len(headers))


class FitLatex:
    """``to_latex`` of a logit QRE fit (a base of
    :class:`~triangle.solvers.logit_fit.LogitFit`)."""

    def to_latex(self, caption: str | None = None, label: str | None = None) -> str:
        r"""The estimates as a booktabs table: parameter, estimate, standard error.

        >>> import triangle as tri
        >>> pd = tri.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> print(tri.logit_fit(pd, [[30, 70], [25, 75]]).to_latex())  # doctest: +ELLIPSIS
        % provenance: triangle ...
        % log-likelihood ...; 200 observations
        \begin{table}[ht]
        \centering
        \caption{Logit QRE fit: log-likelihood ..., 200 observations}
        \begin{tabular}{lrr}
        \toprule
        parameter & estimate & std. error \\
        \midrule
        lam & 0.760... & 0.143... \\
        \bottomrule
        \end{tabular}
        \end{table}
        """
        f: Any = self
        se = np.sqrt(np.diag(f.cov)) if f.cov.size else np.full(len(f.params), np.nan)
        rows = [[name, _p(est), _p(s)] for name, est, s in zip(f.params, f.estimates, se)]
        text = f"log-likelihood {f.loglik:.6g}; {_p(f.n_obs)} observations"
        if caption is None:
            caption = f"Logit QRE fit{_unit(f.normalized)}: {text.replace(';', ',')}"
        notes = [text, *([f"boundary: {f.boundary}"] if f.boundary else []),
                 *([f"piece: {f.piece}"] if getattr(f, "piece", "") else []),
                 *([f"on an edge of its piece: {', '.join(f.edge)}"]
                   if getattr(f, "edge", ()) else []), *f.notes]
        return f._booktabs(["parameter", "estimate", "std. error"], rows, caption, label,
                           notes=notes, align="lrr")
