"""Trace one payoff to its terms, their values and the sentences that justify them.

>>> import triangle as tri
>>> ex = tri.explain(tri.models.simultaneous(), ("engage", "stay", "hold"), "Russia")
>>> ex.terms[0].term.id
'ru_relief_unconditional'
>>> abs(ex.total - ex.payoff) < 1e-12
True
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sympy

from triangle.errors import InvalidArgumentTypeError, NoTermsError, unknown_name
from triangle.games.normal_form import NormalFormGame
from triangle.models.provenance import Provenance
from triangle.models.scenarios import PointLike, resolve_point
from triangle.models.terms import Term

__all__ = ["ExplainedTerm", "Explanation", "NoTermsError", "explain"]


@dataclass(frozen=True)
class ExplainedTerm:
    """One term of a cell and its value at the chosen factor values."""

    term: Term
    value: float

    @property
    def id(self) -> str:
        """The term's id."""
        return self.term.id


@dataclass(frozen=True)
class Explanation:
    """The terms that make up one player's payoff in one pure profile.

    Attributes
    ----------
    player
        Whose payoff.
    profile
        The profile, ``{player: strategy}``.
    terms
        The terms that apply, in the game's order, with their values.
    total
        The sum of the terms' values.
    payoff
        The game's payoff in that cell at the same values (equal to ``total`` for a game
        built from these terms; a difference means the game was substituted at other
        values than the ones explained).
    values
        The factor values used, ``{id: value}``.
    label
        Where the values come from (a scenario name, ``"baseline"``, ``"given values"``).
    provenance
        What produced it (:class:`~triangle.models.provenance.Provenance`: the package,
        the scenario, every factor value used, the date, the versions); in
        :meth:`to_dict` under the stable key ``provenance`` and folded in the HTML display.
    """

    player: str
    profile: Mapping[str, str]
    terms: tuple[ExplainedTerm, ...]
    total: float
    payoff: float
    values: Mapping[str, float]
    label: str
    provenance: Provenance | None = field(default=None, compare=False)

    @property
    def consistent(self) -> bool:
        """Whether the terms add up to the game's payoff (up to rounding)."""
        return math.isclose(self.total, self.payoff, rel_tol=1e-9, abs_tol=1e-9)

    def _heading(self) -> str:
        cell = ", ".join(f"{p}: {s}" for p, s in self.profile.items())
        return f"{self.player}'s payoff at ({cell}), {self.label}"

    def __str__(self) -> str:
        lines = [self._heading()]
        width = max([len(t.id) for t in self.terms] + [5])
        for t in self.terms:
            lines.append(f"  {t.id:<{width}}  {t.value:+9.4f}  {t.term.description}")
        lines.append(f"  {'total':<{width}}  {self.total:+9.4f}")
        if not self.consistent:
            lines.append(
                f"  (the game's payoff is {self.payoff:+.4f}: it was evaluated at other values; "
                f"pass values= to explain)"
            )
        lines.append("Sources:")
        for t in self.terms:
            for s in t.term.sources:
                lines.append(f"  {t.id}: {s}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td><code>{t.id}</code></td><td style='text-align:right'>{t.value:+.4f}</td>"
            f"<td>{html.escape(t.term.description)}</td>"
            f"<td><code>{html.escape(str(t.term.expression))}</code></td>"
            f"<td>{'<br>'.join(html.escape(str(s)) for s in t.term.sources)}</td></tr>"
            for t in self.terms
        )
        total = (
            f"<tr><th>total</th><th style='text-align:right'>{self.total:+.4f}</th>"
            f"<th colspan='3'></th></tr>"
        )
        fold = ("" if self.provenance is None else
                f'<details class="triangle-provenance"><summary>Provenance</summary>'
                f"{self.provenance._repr_html_()}</details>")
        return (
            f"<div><p>{html.escape(self._heading())}</p><table><tr><th>term</th><th>value</th>"
            f"<th>meaning</th><th>expression</th><th>sources</th></tr>{rows}{total}</table>"
            f"{fold}</div>"
        )

    def __cite__(self) -> tuple[Any, ...]:
        """The package and the articles behind the terms (``triangle.cite(explanation)``)."""
        return ("triangle", *(t.term for t in self.terms if t.term.sources))

    def _rows(self) -> list[list[Any]]:
        return [[t.id, f"{t.value:+.4f}", t.term.description] for t in self.terms] + [
            ["total", f"{self.total:+.4f}", ""]]

    def to_latex(self, caption: str | None = None, label: str | None = None) -> str:
        r"""The terms as a booktabs table (term, value, meaning), the provenance in ``%``
        lines above it.

        >>> import triangle as tri
        >>> ex = tri.explain(tri.models.simultaneous(), ("engage", "stay", "hold"), "Russia")
        >>> text = ex.to_latex()
        >>> text.splitlines()[0].startswith("% provenance: triangle"), r"\toprule" in text
        (True, True)
        """
        from triangle.games.display import booktabs, provenance_comments

        return booktabs(["term", "value", "meaning"], self._rows(),
                        caption=caption or self._heading(), label=label, align="lrl",
                        comments=provenance_comments(self.provenance))

    def to_markdown(self) -> str:
        """The terms as a Markdown table, then the provenance section.

        >>> import triangle as tri
        >>> ex = tri.explain(tri.models.simultaneous(), ("engage", "stay", "hold"), "Russia")
        >>> "### Provenance" in ex.to_markdown()
        True
        """
        out = [f"**{self._heading()}**", "", "| term | value | meaning |", "|---|---:|---|"]
        bar = "\\|"  # a | inside a cell, escaped (Python 3.11: no backslash in f-strings)
        out += [f"| `{i}` | {v} | {m.replace('|', bar)} |" if i != "total"
                else f"| **total** | {v} | |" for i, v, m in self._rows()]
        if self.provenance is not None:
            out += ["", self.provenance.to_markdown()]
        return "\n".join(out)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: player, profile, total, payoff, label, the terms and the
        ``provenance`` (stable key; ``None`` for an explanation built by hand).

        >>> import triangle as tri
        >>> d = tri.explain(tri.models.simultaneous(), ("engage", "stay", "hold"), 0,
        ...                 values="1972").to_dict()
        >>> d["provenance"]["scenario"], d["provenance"]["values"]["rift_depth"]
        ('1972', 0.9)
        """
        return {
            "player": self.player,
            "profile": dict(self.profile),
            "label": self.label,
            "total": self.total,
            "payoff": self.payoff,
            "terms": [
                {
                    "id": t.id,
                    "value": t.value,
                    "expression": str(t.term.expression),
                    "description": t.term.description,
                    "sources": [{"file": s.file, "quote": s.quote} for s in t.term.sources],
                }
                for t in self.terms
            ],
            "provenance": None if self.provenance is None else self.provenance.to_dict(),
        }


def _resolve_values(values: Any, game: NormalFormGame) -> tuple[dict[str, float], str]:
    """(the point's values, where they come from in words), by the one point resolver."""
    point = resolve_point(values, base=None, extra=game.factors)
    if values is None:
        label = "baseline"
    elif point.name is None:
        label = "given values"
    else:
        label = f"scenario {point.name!r}"
    return dict(point.values), label


def _profile_names(game: NormalFormGame, profile: Any) -> dict[str, str]:
    if isinstance(profile, Mapping):
        given = {game.players[game.player_index(p)]: s for p, s in profile.items()}
        missing = [p for p in game.players if p not in given]
        if missing:
            raise unknown_name("player missing from the profile:", missing[0], game.players)
        items = [given[p] for p in game.players]
    else:
        is_seq = isinstance(profile, Sequence) and not isinstance(profile, str)
        if not is_seq or len(profile) != game.n_players:
            raise InvalidArgumentTypeError(
                f"profile gives one pure strategy per player ({', '.join(game.players)}), as "
                f"names or indices, or a mapping player -> strategy; got {profile!r}."
            )
        items = list(profile)
    return {
        p: game.strategies[i][game.strategy_index(i, s)]
        for i, (p, s) in enumerate(zip(game.players, items))
    }


def explain(
    game: NormalFormGame,
    profile: Sequence[str | int] | Mapping[str, str | int],
    player: str | int,
    values: PointLike = None,
) -> Explanation:
    """The terms of one player's payoff in one pure profile, with values and quotes.

    Parameters
    ----------
    game
        A game built from terms (``triangle.models.simultaneous()``, or
        :func:`triangle.models.terms.build_game`), symbolic or already substituted.
    profile
        One strategy per player (names or indices), or ``{player: strategy}``.
    player
        Whose payoff (name or index).
    values
        Where to evaluate: a scenario name, a :class:`~triangle.models.Scenario`, a
        :class:`~triangle.models.scenarios.Point`, or a mapping of factor ids to numbers
        (the rest at baseline). Default: the baseline.
        For a game already substituted at other values, pass the same values, or
        :attr:`Explanation.consistent` will be false.

    Examples
    --------
    >>> import triangle as tri
    >>> ex = tri.explain(tri.models.simultaneous(), ("condition", "hedge", "hold"), "US",
    ...                  values="geopolitical_monitor_001")
    >>> [t.id for t in ex.terms]
    ['us_russian_neutrality_hedge', 'us_arms_control', 'us_grand_bargain', ...]
    >>> print(str(ex).splitlines()[0])
    US's payoff at (US: condition, Russia: hedge, China: hold), scenario 'geopolitical_monitor_001'
    """
    if not isinstance(game, NormalFormGame):
        raise InvalidArgumentTypeError(
            f"explain takes a NormalFormGame; got {type(game).__name__}."
        )
    if not game.terms:
        raise NoTermsError(
            "this game keeps no payoff terms, so its payoffs cannot be traced; build it with "
            "triangle.models.simultaneous() or triangle.models.terms.build_game(terms, ...)."
        )
    names = _profile_names(game, profile)
    i = game.player_index(player)
    owner = game.players[i]
    point, label = _resolve_values(values, game)
    rows = tuple(
        ExplainedTerm(t, t.value(point))
        for t in game.terms
        if t.player == owner and t.applies(names)
    )
    cell = (i, *(game.strategy_index(k, s) for k, s in enumerate(names.values())))
    raw = game.payoffs[cell]
    if isinstance(raw, sympy.Basic):
        subs = {s: sympy.sympify(point[s.name]) for s in raw.free_symbols}
        payoff = float(raw.xreplace(subs))
    else:
        payoff = float(raw)
    total = math.fsum(r.value for r in rows)
    record = Provenance.of_run(point, scenario=_scenario_name(values), form="explanation")
    return Explanation(owner, names, rows, total, payoff, point, label, record)


def _scenario_name(values: Any) -> str | None:
    """The scenario's name behind ``values`` (``"baseline"`` for none), else ``None``."""
    if values is None:
        return "baseline"
    return values if isinstance(values, str) else getattr(values, "name", None)
