"""The articles' checkable claims, as data with a vectorised check each.

``triangle.claims`` (stable) maps each claim id to a :class:`Claim`: the article it comes
from, a verbatim quote, a precise statement in players, strategies and factor ids, its
kind, the factors involved, the claims of other articles it contradicts, and a check (in
:mod:`triangle.verdicts.checks`) that evaluates it on the simultaneous model at given
factor values. The data live in ``triangle/data/claims.toml``.

>>> import triangle as tri
>>> claim = tri.claims["c003_pivot_not_worth_it"]
>>> claim.source, claim.kind
('003_7949c245d6586df2.txt', 'threshold')
>>> result = claim.check("baseline")
>>> result.holds
True
>>> print(result.detail)  # doctest: +NORMALIZE_WHITESPACE
holds: with us_commitment_years at its top: Russia does not pivot after
engage/condition/pressure (after engage: hedge; after condition: hedge; after pressure: stay)
>>> tri.claims["c003_pivot_not_worth_i"]  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
triangle.errors.UnknownNameError: unknown claim ...; did you mean 'c003_pivot_not_worth_it', ...?
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from os import PathLike
from typing import Any

import numpy as np

from triangle.errors import (
    ClaimCheckError,
    ClaimDataError,
    InvalidArgumentTypeError,
    MergedClaimError,
    TriangleError,
    unknown_name,
)
from triangle.games.aliases import GameLike, ProvenanceLike
from triangle.games.symbolic import check_factor_names, check_values_used
from triangle.models.factors import Source, articles_folder, check_quotes
from triangle.models.scenarios import PointLike, resolve_point
from triangle.registries import (
    Entry,
    Registry,
    check_container,
    check_mapping,
    check_names,
    check_tables,
    check_unique,
    load_toml,
)
from triangle.verdicts.checks import CHECKS
from triangle.verdicts.context import ClaimContext, model_game
from triangle.verdicts.forms import FormContext, as_form, check_form, form_applies, form_check
from triangle.verdicts.vocabulary import Verdict

__all__ = [
    "KINDS", "Claim", "ClaimDataError", "ClaimRegistry", "ClaimResult", "MergedClaimError",
    "Quote", "claims", "evaluate_claims", "load_claims", "tie_dependence",
]

#: The kinds of claim, in the order the docs list them (``policy``: which US move serves
#: a player best, given how the others respond).
KINDS: tuple[str, ...] = (
    "equilibrium", "dominance", "comparative_statics", "threshold", "historical", "policy"
)

#: Samples per block in :func:`evaluate_claims` (bounds memory: about 40 MB of payoffs).
_CHUNK = 1 << 15


@dataclass(frozen=True)
class ClaimResult:
    """The verdict of one claim at one point of factor space.

    ``holds`` is the verdict; ``detail`` says why in one line; ``scenario`` names the
    scenario used (``None`` for a dict of values); ``knife_edge`` is true when the claim
    holds only on an exact payoff tie (a margin of zero). Truthy when the claim holds.

    >>> import triangle as tri
    >>> r = tri.claims["c000_pivot_unlikely_for_now"].check()
    >>> r.holds, r.knife_edge, r.scenario
    (True, False, 'baseline')
    """

    claim: str
    holds: bool
    detail: str
    scenario: str | None = None
    knife_edge: bool = False
    form: str = "simultaneous"
    tie_dependent: bool = False

    def __bool__(self) -> bool:
        return self.holds

    # ----------------------------------------------------- notebook and paper (issue 13)
    @property
    def provenance(self) -> ProvenanceLike:
        """The scenario's values, the form, the package and the versions (dated when
        asked); ``None`` for a result at values given directly (they are not kept).

        >>> import triangle as tri
        >>> p = tri.claims["c000_pivot_unlikely_for_now"].check().provenance
        >>> p.scenario, p.form, len(p.values) > 40
        ('baseline', 'simultaneous', True)
        """
        if self.scenario is None:
            return None
        from triangle.models.provenance import Provenance

        return Provenance.collect(self.scenario, form=self.form)

    def _repr_html_(self) -> str:
        import html

        from triangle.citations import citation_label
        from triangle.games.display import result_html

        claim = getattr(claims, "resolve", claims.__getitem__)(self.claim)
        verdict = ("holds on a tie" if self.knife_edge else "holds") if self.holds else "fails"
        where = f"at {self.scenario!r}" if self.scenario else "at the values given"
        provenance = self.provenance
        folds = [("Quote", f"<blockquote>{html.escape(claim.quote)}</blockquote>")]
        if provenance is not None:
            folds.append(("Provenance", provenance._repr_html_()))
        return result_html(f"Claim {self.claim}",
                           f"{verdict} {where} ({self.form} form); "
                           f"{citation_label(claim.source)}",
                           notes=[self.detail], folds=folds)

    def __cite__(self) -> tuple[str, ...]:
        """The package, the claim's articles, those of the model's terms, Nash (1951)."""
        from triangle.citations import keys_of
        from triangle.models.simultaneous import simultaneous

        claim = getattr(claims, "resolve", claims.__getitem__)(self.claim)
        return ("triangle", *claim.__cite__(), *keys_of(simultaneous()), "nash1951")


@dataclass(frozen=True)
class Quote:
    """A verbatim quote and where it is: the article's file and the character offset.

    ``id`` names the claim the quote came from when it was merged into another one.

    >>> import triangle as tri
    >>> q = tri.claims["c000_reversal_risk_lowers_pivot"].merged_from[0]
    >>> q.id, q.source
    ('c002_distrust_discounts_promises', '002_12ed3abe8702bf10.txt')
    """

    source: str
    quote: str
    position: int
    id: str = ""


@dataclass(frozen=True)
class Claim:
    """One checkable claim of one article.

    Attributes
    ----------
    id
        Unique id, ``c<article number>_<short name>``.
    source
        The article's file name in ``sources/``.
    quote
        The article's words, verbatim.
    statement
        What the check tests, in players, strategies and factor ids.
    kind
        One of :data:`KINDS`.
    factors
        The ids of the factors the claim is about (all in :data:`triangle.factors`).
    contradicts
        Ids of claims of other articles that this one contradicts.
    scenario
        Where the claim is evaluated by default: ``"baseline"``, or ``"1972"`` for
        historical claims.
    note
        How the statement reads the quote, where a choice was made.
    model
        Options of ``triangle.models.simultaneous`` the claim needs, as ``(name, value)``
        pairs (empty for the default model).
    position
        The character offset of :attr:`quote` in the article's text (from 0).
    sets
        Factors the check sets itself (to a range end, or over its range): the statement
        quantifies over them, so they cannot change the verdict (not a vacuity).
    merged_from
        The claims merged into this one (same proposition), each a :class:`Quote` with
        its old id; ``triangle.claims[old_id]`` raises a :class:`MergedClaimError` that
        names this claim.
    also_quoted
        Other articles' sentences stating the same proposition (:class:`Quote`).
    equivalent_to
        Claims declared to have the same verdict at every sample (the tests refuse two
        claims with identical verdicts that are not declared).
    structural
        For a claim whose verdict cannot change anywhere in the plausible box: why, in the
        model's construction (empty otherwise). Such a verdict is never a finding.
    """

    id: str
    source: str
    quote: str
    statement: str
    kind: str
    factors: tuple[str, ...]
    contradicts: tuple[str, ...] = ()
    scenario: str = "baseline"
    note: str = ""
    model: tuple[tuple[str, Any], ...] = ()
    position: int = -1
    sets: tuple[str, ...] = ()
    merged_from: tuple[Quote, ...] = ()
    also_quoted: tuple[Quote, ...] = ()
    equivalent_to: tuple[str, ...] = ()
    structural: str = ""

    @property
    def quotes(self) -> tuple[Quote, ...]:
        """Every quote the claim rests on: its own, then the merged and the other ones.

        >>> import triangle as tri
        >>> len(tri.claims["c000_no_economic_miracle"].quotes)
        2
        """
        own = Quote(self.source, self.quote, self.position, self.id)
        return (own, *self.merged_from, *self.also_quoted)

    # ------------------------------------------------------------- checking
    def check(
        self, values: PointLike = None, *, form: str = "simultaneous", game: GameLike = None
    ) -> ClaimResult:
        """The claim's verdict at one point: a scenario name, a Scenario, or factor values.

        ``values`` defaults to the claim's own :attr:`scenario`; a dict may give only
        some factors, the others taking the values of :attr:`scenario`. The model is
        ``triangle.models.simultaneous`` with the scenario's options (whom China punishes)
        updated by the claim's :attr:`model`. ``game`` checks the claim on another game with
        the model's players and strategies instead (for example a model with one term
        changed). ``form`` is the model form the claim is judged on
        (:data:`triangle.verdicts.forms.FORMS`: ``"simultaneous"``, ``"us_first"``,
        ``"china_first"``).

        >>> import triangle as tri
        >>> tri.claims["c000_china_punishes_pivot"].check().claim
        'c000_china_punishes_pivot'
        >>> r = tri.claims["c004_promising_path"].check(form="us_first")
        >>> r.form, r.tie_dependent
        ('us_first', False)
        """
        _check_form(form)
        check_values_used(values, game)  # a numeric game would ignore them
        point, name, options = _resolve(values, self.scenario)
        g = _game(game, _options(options, self.model))
        ctx = as_form(ClaimContext(point, game=g), form)
        verdict = _run(self, ctx)
        detail = verdict.detail(0)
        edge = verdict.knife_edge(0)
        if edge:
            detail += " [knife-edge: holds only on an exact tie]"
        split = False
        if isinstance(ctx, FormContext) and bool(ctx.tied[0]):
            one = [bool(_run(self, as_form(ctx, form, pick)).mask[0]) for pick in ("first", "last")]
            split = one[0] != one[1]
            if split:
                detail += " [tie-dependent: tied subgame-perfect paths give different verdicts]"
        return ClaimResult(self.id, bool(verdict.mask[0]), detail, name, edge, form, split)

    def holds(
        self, values: PointLike = None, *, form: str = "simultaneous", game: GameLike = None
    ) -> bool:
        """Whether the claim holds at one point (see :meth:`check`).

        >>> import triangle as tri
        >>> tri.claims["c000_china_punishes_pivot"].holds("baseline") in (True, False)
        True
        >>> tri.claims["c000_china_punishes_pivot"].holds({"sanction_relief": 1.0})
        Traceback (most recent call last):
        ...
        triangle.errors.UnknownNameError: unknown factor 'sanction_relief'; did you mean ...
        """
        return self.check(values, form=form, game=game).holds

    def __repr__(self) -> str:
        return f"Claim({self.id!r}, {self.kind}, {self.source})"

    def _repr_html_(self) -> str:
        import html

        from triangle.citations import citation_label
        from triangle.games.display import result_html

        also = [citation_label(q.source) for q in getattr(self, "also_quoted", ())]
        return result_html(
            f"Claim {self.id}", f"{self.kind}; {citation_label(self.source)}",
            ["statement", "factors", "scenario"],
            [[self.statement, ", ".join(self.factors), self.scenario]],
            notes=[f"Also stated by {', '.join(also)}."] if also else [],
            folds=[("Quote", f"<blockquote>{html.escape(self.quote)}</blockquote>")])

    def __cite__(self) -> tuple[str, ...]:
        """The article of the claim, and those of the sentences merged into it or quoted."""
        from triangle.citations import article_for_file

        quotes = (*getattr(self, "merged_from", ()), *getattr(self, "also_quoted", ()))
        files = [self.source, *(q.source for q in quotes)]
        return tuple(dict.fromkeys(article_for_file(f) for f in files))


def _options(
    scenario: Mapping[str, Any], claim: tuple[tuple[str, Any], ...]
) -> tuple[tuple[str, Any], ...]:
    """The model options: the scenario's (e.g. whom China punishes), then the claim's."""
    return tuple(sorted({**scenario, **dict(claim)}.items()))


def _game(game: Any, model: tuple[tuple[str, Any], ...]) -> Any:
    if game is not None:
        return game
    return model_game(**dict(model))


def _run(claim: Claim, ctx: ClaimContext) -> Verdict:
    form = ctx.form  # a registered form may judge a claim with a check of its own, or not at all
    if not form_applies(form, claim.id):
        raise ClaimCheckError(f"claim {claim.id!r} is not applicable on the {form!r} form.")
    try:
        fn = form_check(form, claim.id) or CHECKS[claim.id]
    except KeyError:
        raise ClaimDataError(
            f"claim {claim.id!r} has no check in triangle.verdicts.checks."
        ) from None
    return fn(ctx)


def _resolve(values: Any, default: str) -> tuple[dict[str, Any], str | None, dict[str, Any]]:
    """(full factor values, scenario name or None, model options) from what a user passed.

    A scenario brings its model options (whom China punishes); a mapping of values is
    completed from the ``default`` scenario, whose options it takes
    (:func:`triangle.models.scenarios.resolve_point`).
    """
    point = resolve_point(values, base=default)
    return dict(point.values), point.name, dict(point.options)


# --------------------------------------------------------------------- the registry
class ClaimRegistry(Registry[Claim]):
    """Read-only mapping from claim id to :class:`Claim`, in file order.

    >>> import triangle as tri
    >>> len(tri.claims) >= 25
    True
    >>> tri.claims["c003_pivot_not_worth_it"].id
    'c003_pivot_not_worth_it'
    """

    kind = "claim"
    error = ClaimDataError

    def __getitem__(self, ident: str) -> Claim:
        try:
            return self._items[ident]
        except (KeyError, TypeError):
            pass
        new = self.merged.get(ident) if isinstance(ident, str) else None
        if new is not None:
            raise MergedClaimError(
                f"claim {ident!r} was merged into {new!r} (one claim per proposition, "
                f"issue 9): use triangle.claims[{new!r}] (or triangle.claims.resolve({ident!r}))."
            )
        raise unknown_name(self.kind, ident, self._items)

    @property
    def merged(self) -> dict[str, str]:
        """Old claim id -> the id of the claim it was merged into.

        >>> import triangle as tri
        >>> tri.claims.merged["c003_one_term_president"]
        'c000_reversal_risk_lowers_pivot'
        >>> tri.claims["c003_one_term_president"]  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        triangle.errors.MergedClaimError: claim 'c003_one_term_president' was merged into ...
        """
        return {q.id: c.id for c in self._items.values() for q in c.merged_from}

    def resolve(self, ident: str) -> Claim:
        """The claim with id ``ident``, or the one it was merged into.

        >>> import triangle as tri
        >>> tri.claims.resolve("c002_distrust_discounts_promises").id
        'c000_reversal_risk_lowers_pivot'
        """
        return self[self.merged.get(ident, ident)]

    def by_source(self, source: str) -> list[Claim]:
        """The claims of one article (file name, or its three-digit prefix).

        >>> import triangle as tri
        >>> len(tri.claims.by_source("004")) >= 3
        True
        """
        return [c for c in self._items.values() if c.source == source or c.source[:3] == source]

    def by_kind(self, kind: str) -> list[Claim]:
        """The claims of one kind (one of :data:`KINDS`)."""
        if kind not in KINDS:
            raise unknown_name("claim kind", kind, KINDS)
        return [c for c in self._items.values() if c.kind == kind]


def load_claims(
    source: str | PathLike[str] = "claims.toml", *, articles: str | PathLike[str] | None = None
) -> ClaimRegistry:
    """The claims of a TOML file: the package's (the default), or a path to your own file.

    A file of your own is laid out as ``triangle/data/claims.toml`` (``[[claim]]`` tables
    with ``id``, ``source``, ``quote``, ``statement``, ``kind`` and ``factors``, and the
    optional fields of the package's claims) and checked as the package's is: no other
    table (``[[claims]]`` is refused, not skipped), no unknown field, each field of its
    type, ids that are identifiers, a known ``kind``, at least one factor and every factor
    a registry factor (none twice), ``contradicts`` and ``equivalent_to`` naming claims of
    the file or the package's (never the claim itself), positions whole numbers >= 0, no
    id of the package's claims, at least one claim, and each quote verbatim in its article
    when the articles are available (``articles=``, as in
    :func:`triangle.models.terms.load_terms`; see :func:`triangle.models.factors.check_quotes`).
    Errors name the file, the claim and the field. Judge a claim of your own by registering
    its check first (:func:`triangle.verdicts.checks.check`), then pass the claims to
    :func:`evaluate_claims`.

    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> path = folder / "my_claims.toml"
    >>> _ = path.write_text('''
    ... [[claim]]
    ... id = "my_pivot_unlikely"
    ... source = "000_7475e70f1ac1d690.txt"
    ... quote = "an anti-China alliance between the U.S. and Russia seems unlikely for now"
    ... statement = "Russia does not pivot now."
    ... kind = "equilibrium"
    ... factors = ["sanctions_relief"]
    ... ''')
    >>> mine = load_claims(path)
    >>> list(mine), mine["my_pivot_unlikely"].kind
    (['my_pivot_unlikely'], 'equilibrium')
    >>> _ = path.write_text(path.read_text().replace("sanctions_relief", "sanctions_relif"))
    >>> load_claims(path)
    Traceback (most recent call last):
    ...
    triangle.errors.UnknownNameError: ...my_claims.toml: claim 'my_pivot_unlikely': field ...
    """
    if articles is not None:
        articles_folder(articles)  # a folder of the articles, or a clear error
    data = load_toml(source)
    check_tables(data, ("claim",))  # a misspelt [[claims]] is refused, not skipped
    entries = data.entries(
        "claim",
        kind="claim",
        required=("id", "source", "quote", "statement", "kind", "factors"),
        optional=("contradicts", "scenario", "note", "model", "position", "sets",
                  "merged_from", "also_quoted", "equivalent_to", "structural"),
        error=ClaimDataError,
    )
    if not entries:  # an empty file (or one of comments) is a mistake, not zero claims
        raise ClaimDataError(f"{data.source}: no [[claim]] table; nothing to read.")
    own = data.source != "triangle/data/claims.toml"  # a file of the user's own
    # contradicts / equivalent_to may name this file's claims, and a user's the package's
    known = [e.id for e in entries] + (list(claims) if own else [])
    items = []
    for raw in entries:
        ident = raw.field("id", str)
        if not ident.isidentifier():
            raise raw.error(
                "a claim id is an identifier (letters, digits and _, no spaces, not starting "
                "with a digit), e.g. 'my_pivot_unlikely'.", field="id"
            )
        if raw["kind"] not in KINDS:
            raise raw.error(f"kind {raw['kind']!r} is not one of {KINDS}.", field="kind")
        factors = _names(raw, "factors", None)
        if not factors:
            raise raw.error("name at least one factor the claim depends on.", field="factors")
        with raw.context():  # every factor a claim names is a registry factor
            check_factor_names(factors, {}, argument="field 'factors'")
        links = {key: _names(raw, key, known) for key in ("contradicts", "equivalent_to")}
        quotes = {}
        for key in ("merged_from", "also_quoted"):
            try:
                quotes[key] = tuple(
                    Quote(q["source"], q["quote"], _position(raw, q, key), q.get("id", ""))
                    for q in raw.get(key, ())
                )
            except (KeyError, TypeError):
                raise raw.error(
                    f"{key} entries are tables with source, quote and position "
                    f"(and id in merged_from).", field=key,
                ) from None
        items.append(
            Claim(
                id=raw["id"],
                source=raw["source"],
                quote=raw["quote"],
                statement=" ".join(raw["statement"].split()),
                kind=raw["kind"],
                factors=tuple(factors),
                contradicts=links["contradicts"],
                scenario=raw.get("scenario", "1972" if raw["kind"] == "historical" else "baseline"),
                note=" ".join(raw.get("note", "").split()),
                model=tuple(sorted(raw.get("model", {}).items())),
                position=_position(raw, raw, "position"),
                sets=tuple(raw.get("sets", ())),
                merged_from=quotes["merged_from"],
                also_quoted=quotes["also_quoted"],
                equivalent_to=links["equivalent_to"],
                structural=" ".join(raw.get("structural", "").split()),
            )
        )
    registry = ClaimRegistry(items)
    if own:
        clash = sorted(set(registry) & set(claims))
        if clash:
            raise ClaimDataError(
                f"{data.source}: claims {clash} are the package's ids; give your claims ids "
                f"of their own (e.g. a prefix such as 'my_')."
            )
        check_quotes(_sources(data.source, items), articles)
    return registry


def _names(raw: Entry, key: str, known: list[str] | None) -> tuple[str, ...]:
    """The ids listed in field ``key`` of a claim: a list of distinct strings, each known.

    ``known=None`` leaves membership to the caller (the factors are checked against the
    factor registry); otherwise each must be a claim id of ``known`` other than the claim's.
    """
    names = raw.field(key, list, [])
    if not all(isinstance(n, str) for n in names):
        raise raw.error(f"expected a list of ids (strings); got {names!r}.", field=key)
    try:
        check_unique("id", names, error=ClaimDataError)
    except ClaimDataError as err:
        raise raw.error(str(err), field=key) from None
    if known is not None:
        if raw.id in names:
            raise raw.error(f"a claim cannot name itself ({raw.id!r}); remove it.", field=key)
        with raw.context():
            check_names("claim", names, known, argument=f"field {key!r}")
    return tuple(names)


def _position(raw: Entry, table: Mapping[str, Any], key: str) -> int:
    """A quote's ``position`` (its character offset in the article): a whole number >= 0.

    Absent, it is ``-1`` (not located). ``table`` is the claim itself (``key="position"``)
    or one of its ``merged_from``/``also_quoted`` tables (the field named is then ``key``).
    """
    if "position" not in table:
        return -1
    value = table["position"]
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise raw.error(
            "position is the quote's character offset in its article, a whole number >= 0; "
            f"got {type(value).__name__} {value!r} (leave it out if unknown).", field=key
        )
    return value


def _sources(where: str, items: Iterable[Claim]) -> list[tuple[str, Source]]:
    """``(where, Source)`` for every quote of ``items`` (a bad article name names the claim)."""
    pairs = []
    for c in items:
        for q in c.quotes:
            try:
                pairs.append((f"{where}: claim {c.id!r}", Source(q.source, q.quote)))
            except ClaimDataError:
                raise
            except TriangleError as err:
                raise ClaimDataError(f"{where}: claim {c.id!r}: {err}") from None
    return pairs


#: Every claim, by id (stable).
claims: ClaimRegistry = load_claims()


# --------------------------------------------------------------------- batch evaluation
def evaluate_claims(
    samples: Mapping[str, Any],
    claims: Iterable[str | Claim] | str | Claim | None = None,
    *,
    base: PointLike = "baseline",
    form: str = "simultaneous",
    game: GameLike = None,
) -> dict[str, np.ndarray]:
    """Every claim's verdict at K samples of the factors, ``{id: bool array (K,)}``.

    The payoffs, equilibria and derivatives the checks share are computed once per block
    of samples for all claims (no Python loop over samples, no sympy per sample).
    Factors missing from ``samples`` take their values in ``base`` (a scenario name,
    Scenario or mapping, or ``None`` to require every factor); a scenario's model options
    apply as in :meth:`Claim.check`. Historical claims are evaluated at the samples too.
    ``claims`` chooses some claims (ids or :class:`Claim` objects; default all); ``form``
    the model form (:data:`triangle.verdicts.forms.FORMS`; on a sequential form, backward
    induction runs over the samples); ``game`` evaluates them on another game with the
    model's players and strategies.

    >>> import numpy as np, triangle as tri
    >>> rng = np.random.default_rng(0)
    >>> samples = {f.id: rng.uniform(f.low, f.high, 100) for f in tri.factors.values()}
    >>> out = evaluate_claims(samples)
    >>> len(out) == len(tri.claims), out["c003_pivot_not_worth_it"].shape
    (True, (100,))
    >>> evaluate_claims(samples, form="us_first")["c003_pivot_not_worth_it"].shape
    (100,)
    """
    return _evaluate(samples, claims, base, form, game, "all")


def tie_dependence(
    samples: Mapping[str, Any],
    claims: Iterable[str | Claim] | str | Claim | None = None,
    *,
    base: Any = "baseline",
    form: str = "us_first",
    game: Any = None,
) -> dict[str, np.ndarray]:
    """Where tied subgame-perfect paths give a claim different verdicts, ``{id: (K,) bool}``.

    On a sequential form, at the samples where a tie leaves several subgame-perfect
    outcomes, the claim is judged on two single equilibria (the first and the last
    optimal move at every tie); ``True`` where they disagree. Always ``False`` on the
    simultaneous form (its equilibria are read together, as in :func:`evaluate_claims`).

    >>> import triangle as tri
    >>> out = tie_dependence(tri.scenarios["baseline"].values, form="china_first")
    >>> bool(out["c004_promising_path"][0])
    False
    """
    first = _evaluate(samples, claims, base, form, game, "first", only_tied=True)
    last = _evaluate(samples, claims, base, form, game, "last", only_tied=True)
    return {cid: first[cid] != last[cid] for cid in first}


def _evaluate(
    samples: Mapping[str, Any], claims: Any, base: Any, form: str, game: Any, select: str,
    only_tied: bool = False,
) -> dict[str, np.ndarray]:
    _check_form(form)
    chosen = [c for c in _select(claims) if claims is not None or form_applies(form, c.id)]
    base_values, _, options = _resolve(base, "baseline") if base is not None else ({}, None, {})
    check_factor_names(check_mapping(samples, "samples"), getattr(game, "factors", {}),
                       argument="samples")  # every name used or refused
    arrays = {n: np.asarray(check_container(v, f"samples of {n!r}"), dtype=float)
              for n, v in samples.items()}
    lengths = {a.shape[0] for a in arrays.values() if a.ndim == 1}
    if len(lengths) > 1:
        raise ClaimDataError(f"samples have different lengths {sorted(lengths)}.")
    k = lengths.pop() if lengths else 1
    out = {c.id: np.zeros(k, dtype=bool) for c in chosen}
    if only_tied and form == "simultaneous":
        return out
    groups: dict[tuple, list[Claim]] = {}
    for c in chosen:
        groups.setdefault(_options(options, c.model), []).append(c)
    for start in range(0, k, _CHUNK):
        stop = min(k, start + _CHUNK)
        block = {n: (a[start:stop] if a.ndim == 1 else a) for n, a in arrays.items()}
        rows = slice(start, stop)
        if only_tied:  # the tie-breaking selections matter only where there is a tie
            tied = np.zeros(stop - start, dtype=bool)
            for model in groups:
                probe = as_form(ClaimContext(block, game=_game(game, model), base=base_values),
                                form)
                tied |= probe.tied
            if not tied.any():
                continue
            where = np.flatnonzero(tied) + start
            block = {n: (a[where] if a.ndim == 1 else a) for n, a in arrays.items()}
            rows = where  # type: ignore[assignment]
        root = None
        for model, members in groups.items():
            g = _game(game, model)
            # the first model's payoffs are computed in full, the others' only where they differ
            if root is None:
                root = ctx = ClaimContext(block, game=g, base=base_values)
            else:
                ctx = root.variant(g)
            judged = as_form(ctx, form, select)
            for c in members:
                out[c.id][rows] = _run(c, judged).mask
    return out


def _check_form(form: Any) -> str:
    """``form`` checked: a string naming a registered form (anything else: a clear error)."""
    if not isinstance(form, str):
        raise InvalidArgumentTypeError(
            f"form is the name of a model form (e.g. 'simultaneous'); got "
            f"{type(form).__name__} {form!r}."
        )
    return check_form(form)


def _select(chosen: Iterable[str | Claim] | str | Claim | None) -> list[Claim]:
    if chosen is None:
        return list(claims.values())
    if isinstance(chosen, (str, Claim)):
        chosen = [chosen]
    if not isinstance(chosen, Iterable):
        raise InvalidArgumentTypeError(
            f"claims is a claim id, a Claim or a list of them; got {type(chosen).__name__} "
            f"{chosen!r}."
        )
    return [c if isinstance(c, Claim) else claims[c] for c in chosen]
