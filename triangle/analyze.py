"""``triangle analyze``: the simultaneous model solved at a scenario, as data and as reports.

:func:`analyze` builds an :class:`Analysis`: the equilibria of
``triangle.models.simultaneous()`` at the scenario's factor values (pure and mixed), what
Russia does after each US move, the Dittmer configuration of each equilibrium outcome, every
claim's verdict, and the factors nearest to changing the set of pure equilibria.
:meth:`Analysis.to_dict` is the JSON form; :meth:`Analysis.to_text` and
:meth:`Analysis.to_markdown` are the terminal and paper renderings. Every analysis carries its
:class:`Provenance` (package version, commit, scenario, every factor value and their digest,
date, versions of Python, numpy and sympy), which every rendering includes.

The scenario may be a name of ``triangle.scenarios``, a :class:`~triangle.Scenario` of your own
(``Scenario.from_toml``, ``with_values``), or a mapping of factor values.

How China's move is treated in "Russia's best response to each US move": the US move is fixed
and Russia and China play the two-player game it leaves, so for each US move the report lists
(a) the equilibria of that Russia-China game (pure and mixed), and (b) Russia's best reply to
each Chinese move, which shows what Russia would do whatever China chose.

>>> from triangle.analyze import analyze
>>> report = analyze("baseline", nearest=0)
>>> report.scenario, [r.russia_plays for r in report.responses]
('baseline', [('hedge',), ('hedge',), ('stay',)])
>>> sorted(report.to_dict())[:3]
['best_responses', 'claims', 'claims_holding']
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from triangle.errors import InvalidArgumentError
from triangle.games.normal_form import NormalFormGame
from triangle.games.results import Equilibria, Equilibrium
from triangle.games.symbolic import check_game
from triangle.models.provenance import Provenance
from triangle.models.scenarios import Point, PointLike, Scenario, resolve_point, scenarios
from triangle.registries import check_count, check_flag, check_sequence, check_text
from triangle.solvers.pure import best_reply_mask, pure_equilibria
from triangle.verdicts.labels import MAX_SAMPLES

__all__ = ["Analysis", "ClaimVerdict", "FactorThreshold", "Provenance", "UsMoveResponse", "analyze"]
# configure_parser and run_command (0.1) still import from here: see __getattr__ below

FORMATS = ("text", "json", "markdown")


# --------------------------------------------------------------------- the parts of a report
@dataclass(frozen=True)
class UsMoveResponse:
    """What Russia (and China) do after one US move.

    ``equilibria`` are those of the Russia-China game the move leaves; ``russia_best_reply``
    maps each Chinese move to Russia's best replies (several on ties).
    """

    us: str
    equilibria: Equilibria
    russia_best_reply: dict[str, tuple[str, ...]]

    @property
    def russia_plays(self) -> tuple[str, ...]:
        """The Russian strategies played in some equilibrium of the Russia-China game."""
        return tuple(dict.fromkeys(s for eq in self.equilibria for s in eq.support[0]))

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: the move, Russia's moves, the equilibria, Russia's best replies."""
        return {
            "us": self.us,
            "russia_plays": list(self.russia_plays),
            "equilibria": [_eq_dict(e) for e in self.equilibria],
            "russia_best_reply": {c: list(r) for c, r in self.russia_best_reply.items()},
        }


@dataclass(frozen=True)
class ClaimVerdict:
    """One claim's verdict in a report."""

    id: str
    source: str
    kind: str
    holds: bool
    detail: str
    scenario: str | None
    statement: str
    knife_edge: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (``id``, ``source``, ``kind``, ``holds``, ``scenario``, ...)."""
        return {
            "id": self.id,
            "source": self.source,
            "kind": self.kind,
            "holds": self.holds,
            "knife_edge": self.knife_edge,
            "scenario": self.scenario,
            "detail": self.detail,
            "statement": self.statement,
        }


@dataclass(frozen=True)
class FactorThreshold:
    """A factor whose change alone, within its plausible range, changes the pure equilibria.

    ``share`` is ``|threshold - value|`` as a share of the range ``[low, high]``;
    ``after`` describes the pure equilibria just past the threshold in the direction of
    the move (``move``: ``"up"`` or ``"down"``; where the scenario sits on the threshold,
    the side that changes them). ``below`` / ``above`` are the pure equilibria on either
    side of the threshold, ``at`` those on it.
    """

    factor: str
    name: str
    value: float
    threshold: float
    low: float
    high: float
    share: float
    after: str
    move: str = ""
    below: str = ""
    above: str = ""
    at: str = ""

    @property
    def direction(self) -> str:
        """``"up"`` or ``"down"``: the move that reaches the threshold and changes the outcome."""
        return self.move or ("up" if self.threshold > self.value else "down")

    def to_dict(self) -> dict[str, Any]:
        """The JSON form, with the direction and the share of the range."""
        return {
            "factor": self.factor,
            "name": self.name,
            "value": self.value,
            "threshold": self.threshold,
            "direction": self.direction,
            "share_of_range": self.share,
            "range": [self.low, self.high],
            "equilibria_after": self.after,
            "at_threshold": self.threshold == self.value,
            "equilibria_below": self.below,
            "equilibria_at": self.at,
            "equilibria_above": self.above,
        }


@dataclass(frozen=True)
class Analysis:
    """The report of ``triangle analyze``, as data.

    Attributes
    ----------
    scenario
        The scenario's name.
    game
        The numeric game solved (the simultaneous model at the scenario's values).
    equilibria
        Its equilibria (pure and mixed when the N-player solver is available).
    configurations
        For each equilibrium, its Dittmer configuration: ``{configuration: probability}``
        (probability 1 for a pure equilibrium).
    responses
        Russia's (and China's) response to each US move (:class:`UsMoveResponse`).
    claims
        Every claim's verdict (:class:`ClaimVerdict`).
    nearest
        The factors nearest to changing the pure equilibria, nearest first.
    solver
        The method that found the equilibria.
    notes
        What the reader should know (solver caveats, who sits in which seat).
    options
        The model options of the scenario (whom China punishes).
    nearest_searched
        Whether the nearest factors were searched for (``nearest=0`` skips the search:
        an empty :attr:`nearest` then says nothing about the factors).
    labels
        Display names of the players in the scenario's world (``{"Russia": "China (1972)"}``).
    provenance
        What produced the analysis (:class:`Provenance`).
    by_form
        Every claim on every model form
        (:class:`triangle.report.by_form.ClaimForms`: the verdict at the scenario on each
        form, and with ``labels > 0`` the share, label and deciding factors over the
        plausible box, and ``order_dependent``).
    edges
        What changes within 2% of each factor's range around the point
        (:class:`triangle.verdicts.edges.PointEdges`; ``None`` when the claims were not
        judged): a verdict that changes there is shown "at an edge", counted apart.
    """

    scenario: str
    game: NormalFormGame
    equilibria: Equilibria
    configurations: list[dict[str, Any]]
    responses: list[UsMoveResponse]
    claims: list[ClaimVerdict]
    nearest: list[FactorThreshold]
    solver: str
    notes: tuple[str, ...] = field(default=())
    options: Mapping[str, Any] = field(default_factory=dict)
    nearest_searched: bool = True
    labels: Mapping[str, str] = field(default_factory=dict)
    provenance: Provenance | None = None
    by_form: list[Any] = field(default_factory=list)
    edges: Any = None

    def label(self, player: str) -> str:
        """The display name of a player in the scenario (its seat's name unless relabelled)."""
        return self.labels.get(player, player)

    def structural(self) -> list[str]:
        """The claims structural on the simultaneous form (set by the model's construction),
        apart from the findings: by their labels, or without labels (``labels=0``) by the
        claims' data, which gives each one's reason."""
        from triangle import claims as registry

        label = {r.id: r.by_form.get("simultaneous", {}).get("label") for r in self.by_form}
        return [c.id for c in self.claims if label.get(c.id) == "structural" or (
            label.get(c.id) in (None, "not computed") and registry[c.id].structural)]

    def headline(self) -> str:
        """The count of findings that hold at the scenario, the verdicts at an edge and
        the structural claims apart (:func:`triangle.report.claims_view.headline`).

        >>> analyze("baseline", nearest=0, claims=False).headline()
        '0 of 0 findings hold'
        """
        from triangle.report.claims_view import headline

        return headline(self)

    def _set_lines(self) -> list[str]:
        """For a scenario that is not shipped: what it sets, and values out of range."""
        p = self.provenance
        if p is None or p.shipped:
            return []
        shipped = scenarios[p.base].values if p.base in scenarios.shipped else None
        registry = resolve_point(None, base=None).values
        ref = shipped if shipped is not None else registry
        changed = [f"{k}={v:g}" for k, v in p.values.items() if ref.get(k) != v]
        where = f"scenario {p.base!r}" if shipped is not None else "the registry's baselines"
        lines = []
        if p.user_source:
            lines.append(f"Read from {p.user_source}.")
        lines.append(f"Set against {where}: {', '.join(changed) or 'nothing'}.")
        if p.outside:
            lines.append("Outside the plausible range (allowed): " + ", ".join(p.outside) + ".")
        return lines

    @property
    def _options_text(self) -> str:
        return ", ".join(f"{k}={v!r}" for k, v in self.options.items())

    # ------------------------------------------------------------- data
    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (what ``--format json`` prints)."""
        eqs = []
        for eq, conf in zip(self.equilibria, self.configurations):
            d = _eq_dict(eq)
            d["configuration"] = conf
            eqs.append(d)
        return {
            "scenario": self.scenario,
            "model": "triangle.models.simultaneous",
            "options": dict(self.options),
            "solver": self.solver,
            "notes": list(self.notes),
            "equilibria": eqs,
            "best_responses": [r.to_dict() for r in self.responses],
            "claims": self._claims_json(),
            "claims_holding": sum(c.holds for c in self.claims),
            "nearest_factors": [n.to_dict() for n in self.nearest],
            "nearest_searched": self.nearest_searched,
            "labels": {p: self.label(p) for p in self.game.players},
            "provenance": self.provenance.to_dict() if self.provenance else None,
            "edges": self.edges.to_dict() if self.edges is not None else None,
        }

    def _claims_json(self) -> list[dict[str, Any]]:
        """Each claim's verdict here, with its row on every form (``by_form``,
        ``order_dependent``, ``deciding``) where the forms were judged."""
        rows = {r.id: r.as_dict() for r in self.by_form}
        return [{**c.to_dict(), **rows.get(c.id, {})} for c in self.claims]

    def to_json(self, indent: int | None = 2) -> str:
        """:meth:`to_dict` as a JSON string.

        >>> report = analyze("baseline", nearest=0, claims=False)  # quick: no claims, no search
        >>> print(report.to_json())  # doctest: +ELLIPSIS
        {
          "scenario": "baseline",
          "model": "triangle.models.simultaneous",
          "options": {
            "china_punishes": "russia"
          },
          "solver": "...",
        ...
          "claims": [],
          "claims_holding": 0,
          "nearest_factors": [],
          "nearest_searched": false,
          "labels": {
        ...
          "provenance": {
            "version": "...",
            "values": {
              "sanctions_relief": 0.5,
        ...
        }
        """
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    # ------------------------------------------------------------- renderings
    def to_text(self) -> str:
        """A plain-text report for a terminal (lines <= 100 characters).

        >>> report = analyze("baseline", nearest=0, claims=False)  # quick: no claims, no search
        >>> print(report.to_text())  # doctest: +ELLIPSIS
        triangle analyze: the simultaneous model at scenario 'baseline' (china_punishes='russia')
        <BLANKLINE>
        Equilibria (...; solver: ...)
        ...
        Russia's response to each US move (Russia and China then play the game left)
          US engage: Russia plays hedge
        ...
          US pressure: Russia plays stay
        ...
        Claims: 0 of 0 findings hold
        <BLANKLINE>
        Factors nearest to changing the pure equilibria (one at a time)
          not searched (asked for 0 factors)
        <BLANKLINE>
        Provenance: triangle ...; scenario 'baseline'; values digest ...
        """
        out = [f"triangle analyze: the simultaneous model at scenario {self.scenario!r}"
               + (f" ({self._options_text})" if self.options else "")]
        out += [f"  {line}" for line in self._set_lines()] + [""]
        out.append(f"Equilibria ({len(self.equilibria)}; solver: {self.solver})")
        for k, (eq, conf) in enumerate(zip(self.equilibria, self.configurations), 1):
            out.append(f"  {k}. {_profile_text(eq)}")
            out.append(f"     payoffs {_payoffs_text(eq)}; {_conf_text(conf)}")
        if not self.equilibria:
            out.append("  none found")
        us, ru, cn = (self.label(p) for p in ("US", "Russia", "China"))  # the scenario's names
        out += ["", f"{ru}'s response to each {us} move ({ru} and {cn} then play the game left)"]
        for r in self.responses:
            plays = ", ".join(r.russia_plays) or "none"
            out.append(f"  {us} {r.us}: {ru} plays {plays}")
            for eq in r.equilibria:
                out.append(f"      equilibrium {_profile_text(eq)}")
            replies = "; ".join(f"{c} -> {'/'.join(s)}" for c, s in r.russia_best_reply.items())
            out.append(f"      {ru}'s best reply to {cn}'s {replies}")
        from triangle.report.claims_view import claim_lines

        out += ["", f"Claims: {self.headline()}", *claim_lines(self)]
        if self.by_form:
            from triangle.report.by_form import by_form_text

            out += ["", *by_form_text(self.by_form).splitlines()]
        out += ["", "Factors nearest to changing the pure equilibria (one at a time)"]
        for n in self.nearest:
            if n.threshold == n.value:  # on the threshold: the side that changes it
                out.append(f"  {n.factor}: at its threshold {n.value:.4g} ({n.at}); moving "
                           f"{n.direction} gives {n.after}")
            else:
                out.append(
                    f"  {n.factor}: {n.value:.4g} -> {n.threshold:.4g} ({n.direction}, "
                    f"{n.share:.1%} of range) gives {n.after}"
                )
        if not self.nearest_searched:
            out.append("  not searched (asked for 0 factors)")
        elif not self.nearest:
            out.append("  none: no single factor changes them within its range")
        out += [f"  note: {note}" for note in self.notes]
        if self.provenance:
            out += ["", f"Provenance: {self.provenance.summary()}"]
        return "\n".join(_wrap(line) for line in out)

    def to_markdown(self) -> str:
        """A Markdown report (tables) to paste into a paper draft.

        >>> report = analyze("baseline", nearest=0, claims=False)  # quick: no claims, no search
        >>> print(report.to_markdown())  # doctest: +ELLIPSIS
        ## The simultaneous model at scenario `baseline`
        <BLANKLINE>
        Equilibria found by ... (china_punishes='russia').
        <BLANKLINE>
        | # | US | Russia | China | payoffs (US, Russia, China) | configuration |
        |---|---|---|---|---|---|
        ...
        ### Russia's response to each US move
        ...
        | engage | hedge | (hedge, hold) | hedge / hedge / hedge |
        ...
        ### Provenance
        ...
        | values digest | `...` |
        ...
        """
        out = [f"## The simultaneous model at scenario `{self.scenario}`", ""]
        if self._set_lines():
            out += [" ".join(self._set_lines()), ""]
        out += [f"Equilibria found by {self.solver}"
                + (f" ({self._options_text})." if self.options else "."), ""]
        us, ru, cn = (self.label(p) for p in ("US", "Russia", "China"))  # the scenario's names
        out += [f"| # | {us} | {ru} | {cn} | payoffs ({us}, {ru}, {cn}) | configuration |"]
        out += ["|---|---|---|---|---|---|"]
        for k, (eq, conf) in enumerate(zip(self.equilibria, self.configurations), 1):
            cells = [_mixed_text(eq, i) for i in range(3)]
            out.append(
                f"| {k} | {' | '.join(cells)} | {_payoffs_text(eq)} | {_conf_text(conf)} |"
            )
        out += ["", f"### {ru}'s response to each {us} move", ""]
        out += [f"| {us} move | {ru} plays | equilibria of the {ru}-{cn} game | "
                f"{ru}'s best reply to {cn}'s reward / hold / punish |"]
        out += ["|---|---|---|---|"]
        for r in self.responses:
            eqs = "; ".join(_profile_text(e) for e in r.equilibria) or "none"
            replies = " / ".join("/".join(s) for s in r.russia_best_reply.values())
            out.append(f"| {r.us} | {', '.join(r.russia_plays) or 'none'} | {eqs} | {replies} |")
        from triangle.report.claims_view import claim_markdown

        out += ["", f"### Claims: {self.headline()}", "", *claim_markdown(self)]
        if self.by_form:
            from triangle.report.by_form import by_form_markdown

            out += ["", "### Claims on every model form", "", by_form_markdown(self.by_form)]
        out += ["", "### Factors nearest to changing the pure equilibria", ""]
        if not self.nearest_searched:
            out.append("Not searched (asked for 0 factors).")
        elif not self.nearest:
            out.append("None: no single factor changes them within its plausible range.")
        else:
            out += ["| factor | value | threshold | move | share of range | equilibria after |",
                    "|---|---|---|---|---|---|"]
        for n in self.nearest:
            after = n.after.replace("|", "\\|")
            out.append(
                f"| `{n.factor}` | {n.value:.4g} | {n.threshold:.4g} | {n.direction} | "
                f"{n.share:.1%} | {after} |"
            )
        out += [f"\n{note}" for note in self.notes]
        if self.provenance:
            out += ["", self.provenance.to_markdown()]
        return "\n".join(out)

    # ----------------------------------------------------- notebook and paper (issue 13)
    def relabel(self, text: str) -> str:
        """``text`` with the seats' names replaced by the scenario's, in one pass
        (Russia <-> China at 1972).

        >>> analyze("1972", nearest=0, claims=False).relabel("Russia and China")
        'China (1972) and USSR'
        """
        import re

        seats = {s: p for s, p in self.labels.items() if s != p}
        if not seats:
            return text
        pattern = re.compile(r"\b(" + "|".join(map(re.escape, seats)) + r")\b")
        return pattern.sub(lambda m: seats[m.group(1)], text)

    def _tables(self) -> dict[str, tuple[list[str], list[list[Any]]]]:
        """The report's tables with the scenario's player names and articles by author."""
        players = [self.label(p) for p in self.game.players]
        eqs = [[k, *(_mixed_text(eq, i) for i in range(len(players))),
                *(f"{float(v):.3g}" for v in eq.payoffs), _conf_text(conf)]
               for k, (eq, conf) in enumerate(zip(self.equilibria, self.configurations), 1)]
        from triangle.report.claims_view import claim_rows

        claims = claim_rows(self)
        nearest = [[n.factor, n.value, n.threshold, n.direction, f"{n.share:.1%}", n.after]
                   for n in self.nearest]
        return {
            "equilibria": (["#", *players, *(f"payoff {p}" for p in players),
                            "configuration"], eqs),
            "claims": (["claim", "article", "kind", "verdict", "why"], claims),
            "nearest": (["factor", "value", "threshold", "move", "share of range",
                         "equilibria after"], nearest),
        }

    def _table_named(self, table: str) -> tuple[list[str], list[list[Any]]]:
        tables = self._tables()
        if table not in tables:
            raise ValueError(f"unknown table {table!r}; choose one of {', '.join(tables)}.")
        return tables[table]

    def _repr_html_(self) -> str:
        from triangle.citations import cite
        from triangle.games.display import result_html

        headers, rows = self._tables()["equilibria"]
        folds = []
        for name, title in (("claims", f"Claims: {self.headline()}"),
                            ("nearest", f"Nearest factors: {len(self.nearest)}")):
            h, r = self._tables()[name]
            if r:
                folds.append((title, result_html("", "", h, r, max_rows=100)))
        if self.provenance is not None:
            folds.append(("Provenance", self.provenance._repr_html_()))
        refs = "".join(f"<div>{line}</div>" for line in cite(self).splitlines())
        folds.append(("References", refs))
        seats = [f"{p} in the seat of {seat}" for seat, p in self.labels.items() if p != seat]
        return result_html(
            f"Analysis at scenario {self.scenario!r}",
            f"{len(self.equilibria)} equilibria ({self.solver}); claims: {self.headline()}",
            headers, rows,
            notes=[f"Players: {', '.join(seats)}."] if seats else [], folds=folds)

    def to_latex(self, table: str = "equilibria", caption: str | None = None,
                 label: str | None = None) -> str:
        """One table of the report in LaTeX (booktabs), the provenance in ``%`` lines.

        ``table`` is ``"equilibria"``, ``"claims"`` or ``"nearest"``; players carry the
        scenario's names and articles their author and year with the citation key.

        >>> report = analyze("1972", nearest=0, claims=False)
        >>> text = report.to_latex()
        >>> "China (1972)" in text, "payoff USSR" in text, "% provenance" in text
        (True, True, True)
        """
        from triangle.games.display import booktabs

        headers, rows = self._table_named(table)
        stamp = ([line[2:] for line in self.provenance.to_latex().splitlines()]
                 if self.provenance else [])
        if caption is None:
            caption = f"The {table} at scenario {self.scenario}" + (
                f": {self.headline()}" if table == "claims" else "")
        return booktabs(headers, rows, label=label, comments=stamp, caption=caption)

    def to_frame(self, table: str = "equilibria") -> Any:
        """One table of the report as a :class:`pandas.DataFrame` (the ``pandas`` extra).

        >>> analyze("baseline", nearest=0, claims=False).to_frame().columns[1]
        'US'
        """
        from triangle.games.display import frame

        return frame(*self._table_named(table))

    def __cite__(self) -> tuple[str, ...]:
        from triangle.citations import METHOD_REFERENCES, article_for_file, keys_of

        return ("triangle", *keys_of(self.game), *METHOD_REFERENCES.get(self.solver, ("nash1951",)),
                *(article_for_file(c.source) for c in self.claims))

    def render(self, fmt: str = "text") -> str:
        """The report as ``"text"``, ``"json"`` or ``"markdown"``.

        >>> report = analyze("baseline", nearest=0, claims=False)  # quick: no claims, no search
        >>> report.render("markdown") == report.to_markdown()
        True
        >>> report.render("pdf")
        Traceback (most recent call last):
        ...
        ValueError: unknown format 'pdf'; choose one of text, json, markdown.
        """
        if fmt == "json":
            return self.to_json()
        if fmt == "markdown":
            return self.to_markdown()
        if fmt == "text":
            return self.to_text()
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}.")


# --------------------------------------------------------------------- building a report
def analyze(
    scenario: PointLike = "baseline",
    *,
    game: NormalFormGame | None = None,
    nearest: int = 8,
    claims: bool = True,
    labels: int = 0,
    forms: Any = None,
) -> Analysis:
    """Solve the simultaneous model at a scenario and assemble the report.

    Parameters
    ----------
    scenario
        A name in ``triangle.scenarios`` (unknown names raise
        :class:`~triangle.errors.UnknownNameError` with the closest names), a
        :class:`~triangle.Scenario` of your own (``Scenario.from_toml``, ``with_values``),
        or a mapping of factor values (the others at the baseline).
    game
        The symbolic game to solve (default ``triangle.models.simultaneous()``).
    nearest
        How many of the factors nearest to changing the outcome to report (0: skip the
        search, the slowest part of the report).
    claims
        Whether to check every claim (non-historical claims at ``scenario``, historical
        ones at their own scenario, 1972), on every model form.
    labels
        Samples of the plausible box for each claim's share, label and deciding factors on
        every form (:func:`triangle.report.by_form.claims_by_form`; 0, the default: the
        verdicts on every form at the scenario only; ``triangle analyze`` uses 20,000).
    forms
        The model forms the claims are judged on (default: every form available,
        :func:`triangle.verdicts.forms.available_forms`).

    >>> report = analyze("1972", nearest=0, claims=False)
    >>> report.notes[-1]
    'players in this scenario: China (1972) in the seat of Russia, USSR in the seat of China'
    >>> any(e.support[1] == ("pivot",) for e in report.equilibria)
    False
    >>> import triangle as tri
    >>> mine = tri.scenarios["baseline"].with_values(beijing_unease=1.6, name="uneasy")
    >>> report = analyze(mine, nearest=0, claims=False)
    >>> report.scenario, report.provenance.base, report.provenance.values["beijing_unease"]
    ('uneasy', 'baseline', 1.6)
    """
    if isinstance(nearest, bool) or not isinstance(nearest, int) or nearest < 0:
        raise InvalidArgumentError(
            f"nearest is how many factors to list, a whole number >= 0 (0 skips the search); "
            f"got {nearest!r}."
        )
    claims = check_flag(claims, "claims")  # the labels' cap checked before any work:
    labels = check_count(labels, "labels", minimum=0, maximum=MAX_SAMPLES) or 0
    if forms is not None:
        forms = [check_text(f, "each of forms") for f in check_sequence(forms, "forms")]
    if game is not None:
        check_game(game, "analyze", NormalFormGame)
    from triangle.verdicts.checks import model_game

    at = scenarios[scenario] if isinstance(scenario, str) else scenario
    chosen = resolve_point(at)  # resolved once: values, ranges, options, labels
    name = chosen.name or "custom values"
    values = dict(chosen.values)
    symbolic = model_game(**chosen.options) if game is None else game
    numeric = symbolic.subs({n: values[n] for n in symbolic.factors})
    eqs, solver, notes = _solve(numeric)
    punishes = chosen.options.get("china_punishes", "russia")
    configurations = [_configuration(e, punishes) for e in eqs]
    responses = [_response(numeric, us) for us in numeric.strategies[0]]
    verdicts = _claims(at if not isinstance(at, Point) else chosen, name, game) if claims else []
    near = _nearest(symbolic, values, chosen.ranges, nearest) if nearest > 0 else []
    by_form: list[Any] = []
    edges = None
    if claims and game is None:  # the forms are built on the model, not on a game of yours
        from triangle.report.by_form import claims_by_form
        from triangle.verdicts.edges import point_edges

        where = at if not isinstance(at, Point) else chosen
        # the claims' list shows the simultaneous verdicts: judged there whatever ``forms``
        edges = point_edges(chosen, forms=None if forms is None else
                            list(dict.fromkeys(["simultaneous", *forms])))
        by_form = claims_by_form(where, labels=labels, forms=forms, edges=edges)
    seats = {p: chosen.label(p) for p in numeric.players if chosen.label(p) != p}
    if seats:
        notes += (
            "players in this scenario: "
            + ", ".join(f"{who} in the seat of {p}" for p, who in seats.items()),
        )
    return Analysis(
        name, numeric, eqs, configurations, responses, verdicts, near, solver, notes,
        dict(chosen.options), nearest_searched=nearest > 0, labels=dict(chosen.labels),
        provenance=Provenance.collect(at if isinstance(at, Scenario) else chosen),
        by_form=by_form, edges=edges,
    )


def _solve(game: NormalFormGame) -> tuple[Equilibria, str, tuple[str, ...]]:
    from triangle.solvers.equilibria import equilibria

    eqs = equilibria(game)
    notes = tuple(eqs.notes)
    if eqs.degenerate:
        notes += ("the game is degenerate: equilibria may form continua",)
    return eqs, eqs.method or "equilibria", notes


def _configuration(eq: Equilibrium, china_punishes: str) -> dict[str, Any]:
    from triangle.models.dittmer import configuration_distribution

    # Whom China's "punish" targets changes the relations it stands for (000 vs 002).
    dist = configuration_distribution(eq, china_punishes=china_punishes)
    out: dict[str, float] = {}
    for t, p in dist.items():
        out[t.configuration] = out.get(t.configuration, 0.0) + float(p)
    return out


def _response(game: NormalFormGame, us: str) -> UsMoveResponse:
    from triangle.solvers.equilibria import equilibria

    a = game.strategy_index("US", us)
    sub = NormalFormGame(
        game.payoffs[1:, a], players=game.players[1:], strategies=game.strategies[1:]
    )
    try:
        eqs = equilibria(sub)
    except ModuleNotFoundError:  # pragma: no cover - two-player solver absent
        eqs = pure_equilibria(sub)
    # the package's one best-reply test: Russia (player 0) in the Russia-China game left
    both = np.asarray(game.payoffs[1:, a], dtype=float)[None]  # (1, 2, russia, china)
    best = best_reply_mask(both, 0, 1e-9)[0]  # (russia, china)
    replies = {}
    for c, china in enumerate(game.strategies[2]):
        replies[china] = tuple(s for s, ok in zip(game.strategies[1], best[:, c]) if ok)
    return UsMoveResponse(us, eqs, replies)


def _claims(at: Any, name: str, game: NormalFormGame | None) -> list[ClaimVerdict]:
    from triangle import claims

    out = []
    for c in claims.values():
        historical = c.kind == "historical"
        r = c.check(c.scenario if historical else at, game=game)
        out.append(ClaimVerdict(c.id, c.source, c.kind, r.holds, r.detail,
                                c.scenario if historical else name, c.statement, r.knife_edge))
    return out


def _nearest(
    game: NormalFormGame,
    values: Mapping[str, float],
    ranges: Mapping[str, tuple[float, float]],
    limit: int,
) -> list[FactorThreshold]:
    """The sensitivity layer's exact thresholds (one factor at a time), nearest first."""
    from triangle import factors
    from triangle.sensitivity.thresholds import nearest_thresholds

    found = nearest_thresholds(game, at=dict(values), ranges=dict(ranges), limit=limit)
    out = []
    for n in found:
        low, high = ranges[n.factor]
        out.append(
            FactorThreshold(
                n.factor, factors[n.factor].name, float(n.value), float(n.threshold.value),
                float(low), float(high), float(n.distance), n.outcome_after, n.direction,
                n.below, n.above, n.at,
            )
        )
    return out


# --------------------------------------------------------------------- formatting helpers
def _wrap(line: str, width: int = 100) -> str:
    """A long line wrapped to ``width``, continuation lines indented past its own indent."""
    if len(line) <= width:
        return line
    indent = " " * (len(line) - len(line.lstrip()) + 4)
    return textwrap.fill(line, width, subsequent_indent=indent, break_on_hyphens=False)


def _eq_dict(eq: Equilibrium) -> dict[str, Any]:
    profile = {p: {s: float(x) for s, x in d.items()} for p, d in eq.as_dict().items()}
    out: dict[str, Any] = {"profile": profile, "pure": eq.is_pure}
    if eq.is_pure:
        out["outcome"] = {p: next(iter(d)) for p, d in profile.items()}
    out["payoffs"] = {p: float(v) for p, v in zip(eq.players, eq.payoffs)}
    out["regret"] = float(eq.regret)
    return out


def _mixed_text(eq: Equilibrium, i: int) -> str:
    terms = [(s, float(x)) for s, x in zip(eq.strategies[i], eq.profile[i]) if x > 0]
    if len(terms) == 1:
        return terms[0][0]
    return " + ".join(f"{x:.3g} {s}" for s, x in terms)


def _profile_text(eq: Equilibrium) -> str:
    return "(" + ", ".join(_mixed_text(eq, i) for i in range(len(eq.players))) + ")"


def _payoffs_text(eq: Equilibrium) -> str:
    return ", ".join(f"{float(v):.3g}" for v in eq.payoffs)


def _conf_text(conf: Mapping[str, float]) -> str:
    if len(conf) == 1:
        return next(iter(conf)).replace("_", " ")
    return ", ".join(f"{k.replace('_', ' ')} {p:.2f}" for k, p in conf.items())


# --------------------------------------------------------------------- the command
def __getattr__(name: str) -> Any:
    # The command's options and runner live with the other commands
    # (triangle.report.commands); 0.1 imported them from here, so they still resolve.
    if name in ("configure_parser", "run_command"):
        from triangle.report import commands

        return getattr(commands, {"configure_parser": "configure_analyze",
                                  "run_command": "run_analyze"}[name])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
