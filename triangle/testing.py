"""Hypothesis strategies for property tests of the models' assumptions and of solvers.

Every strategy builds valid values directly (no filtering): factor values inside their
plausible ranges, scenarios from the registry, games of given shapes (degenerate or
not, on request), and probability vectors on the simplex. Hypothesis is an optional
dependency (``pip install "strategic-triangle[strategies]"``); it is imported when a strategy is
first built, so ``import triangle.testing`` works without it.

A user's property test of a payoff assumption reads::

    from hypothesis import given
    from triangle.testing import factor_values

    @given(factor_values())
    def test_my_assumption(values):
        ...

>>> from hypothesis import given, settings
>>> from triangle.testing import mixed_strategies
>>> @settings(max_examples=20)
... @given(mixed_strategies(3))
... def test_probabilities_sum_to_one(p):
...     assert abs(p.sum() - 1) <= 1e-9
>>> test_probabilities_sum_to_one()
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

import numpy as np

from triangle.errors import InvalidArgumentError, StrategyArgumentError, unknown_name
from triangle.games.profiles import PROBABILITY_TOL
from triangle.models.factors import FactorValues
from triangle.models.factors import factors as registry
from triangle.models.scenarios import Point, resolve_point
from triangle.models.scenarios import scenarios as scenario_registry

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

    from triangle.games.normal_form import NormalFormGame

__all__ = [
    "DrawnValues",
    "RaisedPair",
    "StrategyArgumentError",
    "bimatrix_games",
    "evaluate_at",
    "factor_values",
    "games",
    "games_at",
    "mixed_strategies",
    "profiles",
    "raised_pairs",
    "scenarios",
]

#: Largest integer weight drawn for a probability vector (resolution 1e-6 of the simplex).
_WEIGHT = 10**6


def _st() -> Any:
    try:
        return importlib.import_module("hypothesis.strategies")
    except ImportError:
        raise ImportError(
            "triangle.testing needs hypothesis, an optional dependency: "
            "pip install 'strategic-triangle[strategies]' (or pip install hypothesis)."
        ) from None


# --------------------------------------------------------------------- factors and scenarios
def factor_values(
    *,
    factors: Iterable[Any] | str | None = None,
    scenario: str | Any | None = "baseline",
    within: Literal["range"] | Mapping[str, tuple[float, float]] = "range",
) -> SearchStrategy[DrawnValues]:
    """Dicts ``{factor id: value}`` with the chosen factors drawn inside their ranges.

    Parameters
    ----------
    factors
        The factors that vary: ids (or :class:`Factor` objects), or one id; ``None``
        (the default) varies every factor of ``triangle.factors``.
    scenario
        Where the other factors stay: a scenario name from ``triangle.scenarios``, a
        scenario object (with ``.values``), a mapping of values, or ``None`` for each
        factor's baseline ``value``.
    within
        ``"range"``: each factor's plausible ``[low, high]`` (the scenario's range for a
        factor the scenario overrides with one, as ``"1972"`` does). Or a mapping ``{id:
        (low, high)}`` giving other bounds for some factors (the rest keep their ranges).

    Every factor of the registry is in each dict (values as floats for the drawn ones),
    which is a :class:`~triangle.models.factors.FactorValues`: ``game.subs(values)`` works on
    any model built from the registry, skipping the factors the game does not use.

    Each drawn factor shrinks toward the scenario's value (then toward its range's ends),
    and the dict is a :class:`DrawnValues`, whose ``repr`` lists only the factors that left
    that value: a failing property prints the few factors that matter. To get payoffs at
    the values, use :func:`evaluate_at` or :func:`games_at` (the compiled path) rather than
    ``game.subs(values)`` per example.

    >>> from hypothesis import given, settings
    >>> import triangle as tri
    >>> risk = tri.factors["us_policy_reversal_risk"]
    >>> @settings(max_examples=20)
    ... @given(factor_values(factors=[risk.id]))
    ... def test_within_range(values):
    ...     assert risk.low <= values[risk.id] <= risk.high
    ...     assert values["china_import_share"] == 0.4  # the baseline's
    >>> test_within_range()
    """
    st = _st()
    point = _point(scenario)
    if factors is None:
        varying = list(registry)
    else:
        items = [factors] if isinstance(factors, str) else list(factors)
        varying = []
        for item in items:
            fid = getattr(item, "id", item)
            if fid not in registry:
                raise unknown_name("factor", fid, registry)
            if fid not in varying:
                varying.append(fid)
    bounds: dict[str, tuple[float, float]] = {}
    overrides = {} if within == "range" else within
    if not isinstance(overrides, Mapping):
        raise StrategyArgumentError(
            f"within must be 'range' or a mapping id -> (low, high); got {within!r}."
        )
    for fid in overrides:
        if fid not in registry:
            raise unknown_name("factor", fid, registry)
    for fid in varying:
        lo, hi = overrides.get(fid, point.ranges[fid])
        lo, hi = float(lo), float(hi)
        if not (math.isfinite(lo) and math.isfinite(hi)) or lo > hi:
            raise StrategyArgumentError(
                f"factor {fid!r}: the range to draw from must be finite with low <= high; "
                f"got ({lo}, {hi})."
            )
        bounds[fid] = (lo, hi)
    base = dict(point.values)
    drawn = st.fixed_dictionaries(
        {fid: _float_in(st, lo, hi, base.get(fid)) for fid, (lo, hi) in bounds.items()}
    )
    return drawn.map(lambda d: DrawnValues({**base, **d}, baseline=base))


class DrawnValues(FactorValues):
    """Factor values drawn by a strategy, shown as the few factors that left their baseline.

    A :class:`~triangle.models.factors.FactorValues` (a full assignment, usable wherever
    one is) that remembers where the factors started (the scenario's values). Its ``repr``
    lists only the factors whose value differs from that baseline, so a counterexample
    hypothesis prints reads as the factors that matter, not sixty numbers.

    >>> v = DrawnValues({"a": 1.0, "b": 0.25, "c": 3.0}, baseline={"a": 1.0, "b": 0.5, "c": 3.0})
    >>> v
    DrawnValues({'b': 0.25}, others at baseline)
    >>> v.changed()
    {'b': 0.25}
    >>> v["a"], v.assigns_all_factors
    (1.0, True)
    """

    def __init__(self, values: Mapping[str, Any], baseline: Mapping[str, Any] | None = None):
        super().__init__(values)
        self.baseline: dict[str, Any] = dict(values if baseline is None else baseline)

    def changed(self) -> dict[str, Any]:
        """The factors whose value differs from the baseline, ``{id: value}``."""
        base = getattr(self, "baseline", {})
        return {k: v for k, v in self.items() if k not in base or base[k] != v}

    def __repr__(self) -> str:
        return f"DrawnValues({self.changed()!r}, others at baseline)"

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:  # hypothesis's and IPython's printer
        p.text(repr(self))


class RaisedPair(NamedTuple):
    """Two assignments equal but for one factor, raised: what :func:`raised_pairs` draws.

    Unpacks as ``values, raised, factor``. The ``repr`` names the factor, its two values
    and the other factors that left their baseline.

    >>> base = {"a": 1.0, "b": 0.5}
    >>> pair = RaisedPair(DrawnValues({"a": 1.0, "b": 0.2}, base),
    ...                   DrawnValues({"a": 1.0, "b": 0.7}, base), "b")
    >>> pair
    RaisedPair(factor='b', from 0.2 to 0.7, others at baseline)
    >>> values, raised, factor = pair
    >>> raised[factor] > values[factor]
    True
    """

    values: DrawnValues
    raised: DrawnValues
    factor: str

    def __repr__(self) -> str:
        others = {k: v for k, v in self.values.changed().items() if k != self.factor}
        rest = f"at {others!r}, other factors at baseline" if others else "others at baseline"
        return (
            f"RaisedPair(factor={self.factor!r}, from {self.values[self.factor]!r} "
            f"to {self.raised[self.factor]!r}, {rest})"
        )

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:  # hypothesis's and IPython's printer
        p.text(repr(self))


def raised_pairs(
    factor: str | Iterable[str] | None = None,
    *,
    factors: Iterable[Any] | str | None = None,
    scenario: str | Any | None = "baseline",
    within: Literal["range"] | Mapping[str, tuple[float, float]] = "range",
) -> SearchStrategy[RaisedPair]:
    """The same factor values twice, the second with one factor strictly raised.

    Draws ``(values, raised, factor_id)`` (a :class:`RaisedPair`): ``values`` as
    :func:`factor_values` draws them (same ``factors``, ``scenario`` and ``within``), and
    ``raised``, equal to it except that ``raised[factor_id] > values[factor_id]``, both
    inside the factor's range. The pair shrinks toward the low end of the range and a
    small step, and prints as the factor, its two values and the other factors that left
    their baseline.

    Parameters
    ----------
    factor
        The factor raised: an id, several ids (one is drawn per example), or ``None`` (the
        default) for any factor that varies and whose range is not a single point.
    factors, scenario, within
        As for :func:`factor_values`: which factors vary, where the others stay, bounds.

    >>> from hypothesis import given, settings
    >>> import triangle as tri
    >>> game = tri.models.simultaneous()
    >>> russia, pivot = game.player_index("Russia"), game.strategy_index("Russia", "pivot")
    >>> @settings(max_examples=20, deadline=None)
    ... @given(raised_pairs("us_policy_reversal_risk"))
    ... def test_pivoting_pays_less_when_washington_may_reverse(pair):
    ...     values, raised, factor = pair
    ...     low, high = evaluate_at(game, values), evaluate_at(game, raised)
    ...     assert (high[russia][:, pivot] <= low[russia][:, pivot] + 1e-9).all()
    >>> test_pivoting_pays_less_when_washington_may_reverse()
    """
    st = _st()
    values = factor_values(factors=factors, scenario=scenario, within=within)
    point = _point(scenario)
    overrides = {} if within == "range" else dict(within)
    if factor is None:
        candidates = list(registry) if factors is None else _ids(factors)
        for fid in candidates:
            if fid not in registry:
                raise unknown_name("factor", fid, registry)
    else:
        candidates = _ids(factor)
        for fid in candidates:
            if fid not in registry:
                raise unknown_name("factor", fid, registry)
    bounds = {}
    for fid in candidates:
        lo, hi = (float(x) for x in overrides.get(fid, point.ranges[fid]))
        if lo < hi:
            bounds[fid] = (lo, hi)
        elif factor is not None:
            raise StrategyArgumentError(
                f"factor {fid!r} cannot be raised: its range is the single point {lo}; "
                f"give it wider bounds with within={{{fid!r}: (low, high)}}."
            )
    if not bounds:
        raise StrategyArgumentError(
            "raised_pairs needs a factor whose range is wider than a point; none among "
            f"{candidates}."
        )

    @st.composite
    def draw(draw: Any) -> RaisedPair:
        fid = draw(st.sampled_from(sorted(bounds)))
        lo, hi = bounds[fid]
        start = draw(values)
        low = draw(st.floats(lo, hi, exclude_max=True, allow_nan=False, allow_subnormal=False))
        high = draw(st.floats(low, hi, exclude_min=True, allow_nan=False, allow_subnormal=False))
        a = DrawnValues({**start, fid: low}, baseline=start.baseline)
        b = DrawnValues({**start, fid: high}, baseline=start.baseline)
        return RaisedPair(a, b, fid)

    return draw()


def _ids(items: Iterable[Any] | str) -> list[str]:
    out: list[str] = []
    for item in [items] if isinstance(items, str) else list(items):
        fid = getattr(item, "id", item)
        if fid not in out:
            out.append(fid)
    return out


def evaluate_at(game: NormalFormGame, values: Mapping[str, Any]) -> np.ndarray:
    """A symbolic game's payoffs at factor values, through its one compiled evaluator.

    What ``game.subs(values).payoffs`` gives (as floats), without calling sympy per
    example: :meth:`NormalFormGame.compiled` (cached by the payoff expressions) is called
    with the game's factors taken from ``values``; factors of ``values`` the game does not
    use are ignored.

    >>> import triangle as tri
    >>> game = tri.models.simultaneous()
    >>> values = tri.factors.baseline()
    >>> bool(np.allclose(evaluate_at(game, values), game.subs(values).payoffs.astype(float)))
    True
    """
    f = game.compiled()
    missing = [n for n in f.names if n not in values]
    if missing:
        raise StrategyArgumentError(
            f"the game uses factors {missing} that the values do not assign; draw them with "
            f"factor_values() (which assigns every factor of the registry)."
        )
    return np.asarray(f(*(float(values[n]) for n in f.names)), dtype=float)


def games_at(
    game: NormalFormGame,
    *,
    factors: Iterable[Any] | str | None = None,
    scenario: str | Any | None = "baseline",
    within: Literal["range"] | Mapping[str, tuple[float, float]] = "range",
) -> SearchStrategy[NormalFormGame]:
    """Numeric games: a symbolic model at drawn factor values, through the compiled path.

    The values are drawn as :func:`factor_values` draws them; the payoffs come from
    :func:`evaluate_at` (one compiled evaluator per set of payoff expressions, no sympy
    per example), as floats, with the model's players, strategy names and terms. The
    drawn values are recorded with hypothesis's ``note``, so a failing property prints
    the factors that left their baseline.

    >>> from hypothesis import given, settings
    >>> import triangle as tri
    >>> model = tri.models.simultaneous()
    >>> @settings(max_examples=10, deadline=None)
    ... @given(games_at(model, factors=["us_policy_reversal_risk"]))
    ... def test_has_the_model_s_shape(g):
    ...     assert g.shape == model.shape and not g.is_symbolic
    >>> test_has_the_model_s_shape()
    """
    from triangle.games.normal_form import NormalFormGame

    values = factor_values(factors=factors, scenario=scenario, within=within)
    game.compiled()  # compile once, when the strategy is built

    def build(v: DrawnValues) -> NormalFormGame:
        _note(f"factor values: {v!r}")
        return NormalFormGame(
            evaluate_at(game, v), players=game.players, strategies=game.strategies,
            terms=game.terms,
        )

    return values.map(build)


def _note(text: str) -> None:
    """hypothesis's ``note`` inside a test; nothing outside one (e.g. ``example()``)."""
    control = importlib.import_module("hypothesis.control")
    errors = importlib.import_module("hypothesis.errors")
    with contextlib.suppress(errors.InvalidArgument):  # no build context: nothing to record
        control.note(text)


def _float_in(st: Any, lo: float, hi: float, base: Any = None) -> Any:
    if lo == hi:
        return st.just(lo)
    if isinstance(base, (int, float)) and math.isfinite(base) and lo <= base <= hi:
        # Drawn as a signed step t from the baseline (t = -1 and 1 are the range's ends):
        # hypothesis shrinks t toward 0, so a failing draw takes each factor back to where
        # it started and the counterexample shows only the few factors that matter. One
        # draw per factor, as cheap as drawing the value itself.
        t = st.floats(
            -1.0 if base > lo else 0.0, 1.0 if base < hi else 0.0,
            allow_nan=False, allow_subnormal=False,
        )
        return t.map(functools.partial(_from_baseline, float(base), lo, hi))
    return st.floats(
        min_value=lo, max_value=hi, allow_nan=False, allow_infinity=False, allow_subnormal=False
    )


def _from_baseline(base: float, lo: float, hi: float, t: float) -> float:
    if t == 1.0:
        return hi
    if t == -1.0:
        return lo
    value = base + t * (hi - base) if t >= 0 else base + t * (base - lo)
    return min(hi, max(lo, value))


def scenarios(*, names: Iterable[str] | None = None) -> SearchStrategy[Any]:
    """Scenario objects from ``triangle.scenarios`` (all of them, or the named ones).

    >>> from hypothesis import given, settings
    >>> import triangle as tri
    >>> @settings(max_examples=10)
    ... @given(scenarios())
    ... def test_a_scenario(scenario):
    ...     assert scenario is tri.scenarios[scenario.name]
    >>> test_a_scenario()
    """
    st = _st()
    registry = scenario_registry
    if names is None:
        chosen = list(registry.values())
    else:
        chosen = [registry[n] for n in ([names] if isinstance(names, str) else names)]
        if not chosen:
            raise StrategyArgumentError("names must select at least one scenario.")
    return st.sampled_from(chosen)


def _point(scenario: Any) -> Point:
    """Where the factors that do not vary stay, and the ranges the others are drawn in."""
    try:
        return resolve_point(scenario, base=None)
    except (TypeError, InvalidArgumentError) as exc:  # this module's family for bad arguments
        raise StrategyArgumentError(f"scenario: {exc}") from None


# --------------------------------------------------------------------- games
def games(
    *,
    n_players: int | tuple[int, int] = (2, 3),
    shape: Sequence[int] | None = None,
    min_strategies: int = 1,
    max_strategies: int = 4,
    payoffs: Literal["integers", "floats", "fractions"] = "integers",
    min_payoff: float = -10,
    max_payoff: float = 10,
    degenerate: bool | None = None,
) -> SearchStrategy[NormalFormGame]:
    """Numeric normal-form games of random or given shape.

    Parameters
    ----------
    n_players
        An exact number of players, or a range ``(low, high)``.
    shape
        The exact strategy counts ``(m_1, ..., m_n)`` (overrides the two arguments below
        and ``n_players``).
    min_strategies, max_strategies
        The range of each player's strategy count.
    payoffs
        ``"integers"``, ``"floats"`` or ``"fractions"`` (exact rationals), in
        ``[min_payoff, max_payoff]``.
    degenerate
        ``None``: payoffs drawn freely (ties, hence degenerate games, come often with
        integers). ``True``: some pure profile of the others leaves a player two tied
        best responses, so the game is degenerate by construction. ``False``: payoffs in
        general position (non-degenerate): drawn from a continuous distribution, and
        checked — every pure best response is unique and, for two players, no mixed
        strategy with ``k`` strategies in its support has ``k + 1`` tied replies.
        Needs ``payoffs="floats"`` or ``"fractions"``.

    >>> from hypothesis import given, settings
    >>> import triangle as tri
    >>> @settings(max_examples=20)
    ... @given(games(n_players=3, max_strategies=3))
    ... def test_pure_equilibria_are_verified(game):
    ...     for eq in tri.pure_equilibria(game):
    ...         assert tri.is_equilibrium(game, eq.profile)
    >>> test_pure_equilibria_are_verified()
    """
    st = _st()
    if payoffs not in ("integers", "floats", "fractions"):
        raise StrategyArgumentError(
            f"payoffs must be 'integers', 'floats' or 'fractions'; got {payoffs!r}."
        )
    if not min_payoff <= max_payoff:
        raise StrategyArgumentError(
            f"need min_payoff <= max_payoff; got {min_payoff} > {max_payoff}."
        )
    if payoffs == "integers" and (int(min_payoff) != min_payoff or int(max_payoff) != max_payoff):
        raise StrategyArgumentError(
            "integer payoffs need integer bounds min_payoff and max_payoff."
        )
    if degenerate is False and (payoffs == "integers" or min_payoff == max_payoff):
        raise StrategyArgumentError(
            "degenerate=False needs payoffs in general position: use payoffs='floats' or "
            "'fractions' and min_payoff < max_payoff (small integers tie too often to "
            "guarantee it)."
        )
    shapes = _shapes(
        st, n_players, shape, min_strategies, max_strategies, need_choice=degenerate is True
    )
    if degenerate is False:
        return st.tuples(shapes, st.integers(0, 2**32 - 1)).map(
            lambda args: _generic_game(args[0], args[1], payoffs, min_payoff, max_payoff)
        )
    element = _element(st, payoffs, min_payoff, max_payoff)

    @st.composite
    def draw(draw: Any) -> NormalFormGame:
        dims = draw(shapes)
        n = len(dims)
        cells = n * math.prod(dims)
        flat = draw(st.lists(element, min_size=cells, max_size=cells))
        u = np.empty(cells, dtype=object)
        u[:] = flat
        u = u.reshape((n, *dims))
        if degenerate:
            player = draw(st.sampled_from([i for i, m in enumerate(dims) if m >= 2]))
            a, b = draw(
                st.lists(st.integers(0, dims[player] - 1), min_size=2, max_size=2, unique=True)
            )
            others = tuple(
                draw(st.integers(0, m - 1)) if k != player else slice(None)
                for k, m in enumerate(dims)
            )
            column = u[(player, *others)]
            best = max(column)
            column[a] = best  # a view: writes into u
            column[b] = best
        return _game(u, payoffs)

    return draw()


def bimatrix_games(
    *,
    shape: tuple[int, int] | None = None,
    min_strategies: int = 1,
    max_strategies: int = 4,
    payoffs: Literal["integers", "floats", "fractions"] = "integers",
    min_payoff: float = -10,
    max_payoff: float = 10,
    degenerate: bool | None = None,
) -> SearchStrategy[NormalFormGame]:
    """Two-player games: :func:`games` with ``n_players=2``.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(bimatrix_games(shape=(2, 3)))
    ... def test_shape(game):
    ...     assert game.n_players == 2 and game.shape == (2, 3)
    >>> test_shape()
    """
    return games(
        n_players=2,
        shape=shape,
        min_strategies=min_strategies,
        max_strategies=max_strategies,
        payoffs=payoffs,
        min_payoff=min_payoff,
        max_payoff=max_payoff,
        degenerate=degenerate,
    )


def _shapes(
    st: Any,
    n_players: int | tuple[int, int],
    shape: Sequence[int] | None,
    min_strategies: int,
    max_strategies: int,
    need_choice: bool,
) -> Any:
    if shape is not None:
        dims = tuple(shape)
        if len(dims) < 2 or not all(isinstance(m, (int, np.integer)) and m >= 1 for m in dims):
            raise StrategyArgumentError(
                f"shape gives each player's strategy count (>= 1), for at least two players; "
                f"got {shape!r}."
            )
        if need_choice and max(dims) < 2:
            raise StrategyArgumentError(
                f"a degenerate game needs a player with two strategies; shape {dims}."
            )
        return st.just(tuple(int(m) for m in dims))
    lo, hi = (n_players, n_players) if isinstance(n_players, int) else tuple(n_players)
    if not 2 <= lo <= hi:
        raise StrategyArgumentError(
            f"n_players must be an int >= 2 or a range (low, high); got {n_players!r}."
        )
    if not 1 <= min_strategies <= max_strategies:
        raise StrategyArgumentError(
            f"need 1 <= min_strategies <= max_strategies; got {min_strategies}, {max_strategies}."
        )
    if need_choice and max_strategies < 2:
        raise StrategyArgumentError(
            "a degenerate game needs a player with two strategies: max_strategies >= 2."
        )

    @st.composite
    def draw(draw: Any) -> tuple[int, ...]:
        n = draw(st.integers(lo, hi))
        dims = draw(st.lists(st.integers(min_strategies, max_strategies), min_size=n, max_size=n))
        if need_choice and max(dims) < 2:  # built valid: give the first player a second strategy
            dims[0] = 2
        return tuple(dims)

    return draw()


def _element(st: Any, payoffs: str, lo: float, hi: float) -> Any:
    if payoffs == "integers":
        return st.integers(int(lo), int(hi))
    if payoffs == "fractions":
        return st.fractions(Fraction(lo), Fraction(hi), max_denominator=12)
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False, allow_subnormal=False)


def _game(u: np.ndarray, payoffs: str) -> NormalFormGame:
    from triangle.games.normal_form import NormalFormGame

    if payoffs == "integers":
        return NormalFormGame(u.astype(np.int64))
    if payoffs == "floats":
        return NormalFormGame(u.astype(float))
    return NormalFormGame(u)


def _generic_game(
    dims: tuple[int, ...], seed: int, payoffs: str, lo: float, hi: float
) -> NormalFormGame:
    rng = np.random.default_rng(seed)
    for _ in range(100):  # a redraw has probability zero in exact arithmetic
        u = rng.uniform(lo, hi, size=(len(dims), *dims))
        if payoffs == "fractions":
            u = np.vectorize(_on_grid, otypes=[object])(u)
        if _in_general_position(u):
            return _game(u, payoffs)
    raise RuntimeError("could not draw a game in general position")  # pragma: no cover


def _on_grid(x: float) -> Fraction:
    return Fraction(round(x * 10**6), 10**6)


def _in_general_position(u: np.ndarray) -> bool:
    """No pure ties; for two players, no k-support mixed strategy with k+1 tied replies."""
    n = u.shape[0]
    for i in range(n):
        ui = np.moveaxis(np.asarray(u[i], dtype=float), i, -1).reshape(-1, u.shape[1 + i])
        s = np.sort(ui, axis=1)
        if (np.diff(s, axis=1) <= 1e-9 * (1 + np.abs(s[:, 1:]))).any():
            return False
    if n != 2:
        return True
    a = np.asarray(u[0], dtype=float)
    b = np.asarray(u[1], dtype=float)
    # mixed strategies of the row player against the column player's replies (B), and back
    return _no_tied_replies(b) and _no_tied_replies(a.T)


def _no_tied_replies(m: np.ndarray) -> bool:
    """For every support S (k rows) and k+1 columns J, x_S @ m[S, J] = v (all j) has no solution."""
    rows, cols = m.shape
    for k in range(2, min(rows, cols - 1) + 1):  # k = 1 is the pure-tie check above
        for support in itertools.combinations(range(rows), k):
            for replies in itertools.combinations(range(cols), k + 1):
                # unknowns x_S (k) and v; equations: k+1 ties and sum x = 1
                system = np.zeros((k + 2, k + 1))
                system[: k + 1, :k] = m[np.ix_(support, replies)].T
                system[: k + 1, k] = -1.0
                system[k + 1, :k] = 1.0
                rhs = np.zeros(k + 2)
                rhs[k + 1] = 1.0
                augmented = np.column_stack([system, rhs])
                scale = max(1.0, float(np.abs(augmented).max())) ** (k + 2)
                if abs(np.linalg.det(augmented)) <= 1e-9 * scale:
                    return False
    return True


# --------------------------------------------------------------------- strategies on the simplex
def mixed_strategies(
    m: int, *, exact: bool = False, full_support: bool = False
) -> SearchStrategy[np.ndarray]:
    """Probability vectors over ``m`` strategies.

    Built from non-negative integer weights, normalised: exact ``Fraction`` arrays
    (summing to exactly 1) when ``exact``, else float arrays whose sum is 1 within
    ``PROBABILITY_TOL``. ``full_support`` makes every probability positive. Shrinks
    toward the first pure strategy.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(mixed_strategies(3, exact=True))
    ... def test_exactly_one(p):
    ...     assert sum(p) == 1
    >>> test_exactly_one()
    """
    st = _st()
    if isinstance(m, bool) or not isinstance(m, (int, np.integer)) or m < 1:
        raise StrategyArgumentError(f"m is the number of strategies, an int >= 1; got {m!r}.")
    m = int(m)
    weight = st.integers(1 if full_support else 0, _WEIGHT)
    return st.tuples(st.lists(weight, min_size=m, max_size=m), st.integers(0, m - 1)).map(
        lambda args: _normalise(args[0], args[1], exact)
    )


def _normalise(weights: list[int], bump: int, exact: bool) -> np.ndarray:
    weights = list(weights)
    if sum(weights) == 0:  # built valid: the all-zero draw becomes a pure strategy
        weights[bump] = 1
    total = sum(weights)
    if exact:
        return np.array([Fraction(w, total) for w in weights], dtype=object)
    v = np.array(weights, dtype=float) / total
    assert abs(v.sum() - 1.0) <= PROBABILITY_TOL
    return v


def profiles(
    game: NormalFormGame | Sequence[int], *, pure: bool = False, exact: bool = False
) -> SearchStrategy[tuple[np.ndarray, ...]]:
    """Strategy profiles of a game (or of a shape): one probability vector per player.

    ``pure=True`` draws pure profiles (one-hot vectors). Vectors are ``Fraction``
    arrays when ``exact``, floats otherwise; either kind is accepted wherever the
    package takes a profile.

    >>> from hypothesis import given, settings
    >>> import triangle as tri
    >>> g = tri.NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    >>> @settings(max_examples=20)
    ... @given(profiles(g))
    ... def test_regret_is_non_negative(profile):
    ...     assert min(tri.regret(g, profile)) >= 0
    >>> test_regret_is_non_negative()
    """
    st = _st()
    dims = (
        tuple(game.shape)
        if hasattr(game, "shape") and not isinstance(game, np.ndarray)
        else tuple(game)
    )
    if not dims or not all(isinstance(m, (int, np.integer)) and m >= 1 for m in dims):
        raise StrategyArgumentError(
            f"profiles needs a game or a shape of strategy counts; got {game!r}."
        )
    if pure:
        return st.tuples(*(st.integers(0, m - 1) for m in dims)).map(
            lambda cell: tuple(_one_hot(m, j, exact) for m, j in zip(dims, cell))
        )
    return st.tuples(*(mixed_strategies(int(m), exact=exact) for m in dims))


def _one_hot(m: int, j: int, exact: bool) -> np.ndarray:
    if exact:
        v = np.array([Fraction(0)] * m, dtype=object)
        v[j] = Fraction(1)
        return v
    v = np.zeros(m)
    v[j] = 1.0
    return v
