"""Strategy profiles: parsing names, indices and probability vectors; expected payoffs.

The kernels here work on float arrays and on object arrays of ``Fraction`` alike, so
the same code serves floating-point and exact verification.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy

from triangle.errors import InvalidGameError, InvalidProfileError, NormalisedProfileWarning
from triangle.games.scale import check_payoff_array
from triangle.games.symbolic import check_game
from triangle.registries import check_container, check_unique

if TYPE_CHECKING:
    from triangle.games.normal_form import NormalFormGame

__all__ = ["as_profile", "deviation_payoffs", "expected_payoffs"]

#: Largest deviation from a probability vector's constraints accepted in floating point.
PROBABILITY_TOL = 1e-9
#: Larger deviations up to this one (rounded, printed probabilities such as a sum of
#: 0.99999999) are accepted, normalised and reported by a NormalisedProfileWarning; beyond
#: it a vector is refused.
ROUNDED_PROBABILITY_TOL = 1e-6

Profile = tuple[np.ndarray, ...]


def as_profile(game: NormalFormGame, profile: Any) -> Profile:
    """Turn a profile given by names, indices or probability vectors into arrays.

    One entry per player, in player order (or a mapping from player names). Returns a
    tuple of probability vectors: float arrays, or object arrays of ``Fraction`` when
    every entry given is exact (names, indices, ints, Fractions, sympy Rationals).

    >>> import triangle as tri
    >>> g = tri.NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]],
    ...                                      strategies=(("a", "b"), ("c", "d")))
    >>> as_profile(g, ("b", [0.25, 0.75]))
    (array([0., 1.]), array([0.25, 0.75]))

    Probabilities within rounding of the simplex (off by at most
    ``ROUNDED_PROBABILITY_TOL``, as printed ones often are) are normalised, with a
    :class:`~triangle.errors.NormalisedProfileWarning`; vectors further off are refused:

    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     float(as_profile(g, ([0.33333333, 0.66666666], "c"))[0].sum())
    1.0
    >>> caught[0].category.__name__
    'NormalisedProfileWarning'
    """
    if hasattr(profile, "profile") and not isinstance(profile, (Mapping, Sequence, np.ndarray)):
        profile = profile.profile  # an Equilibrium
    check_game(game, "a profile")
    n = game.n_players
    check_container(profile, "profile", InvalidProfileError)  # no set, mask or complex
    if isinstance(profile, Mapping):
        given = [game.players[game.player_index(p)] for p in profile]
        check_unique("player", given, error=InvalidProfileError)  # which value was meant?
        entries: list[Any] = [None] * n
        for player, entry in profile.items():
            entries[game.player_index(player)] = entry
        missing = [p for p, e in zip(game.players, entries) if e is None]
        if missing:
            raise InvalidProfileError(
                f"the profile gives no strategy for {missing}; give one entry per player."
            )
    else:
        if (
            isinstance(profile, (str, bytes))
            or not hasattr(profile, "__len__")
            or len(profile) != n
        ):
            raise InvalidProfileError(
                f"a profile gives one entry per player ({n}: {', '.join(game.players)}); "
                f"got {profile!r}."
            )
        entries = list(profile)
    vectors = [_as_vector(game, i, e) for i, e in enumerate(entries)]
    if all(v.dtype == object for v in vectors):
        return tuple(vectors)
    return tuple(v.astype(float) for v in vectors)


def _as_vector(game: NormalFormGame, i: int, entry: Any) -> np.ndarray:
    m = game.shape[i]
    player = game.players[i]
    if isinstance(entry, (str, int, np.integer)) and not isinstance(entry, (bool, np.bool_)):
        try:
            j = game.strategy_index(i, int(entry) if isinstance(entry, np.integer) else entry)
        except (KeyError, ValueError) as exc:
            raise InvalidProfileError(str(exc)) from None
        v = np.array([Fraction(0)] * m, dtype=object)
        v[j] = Fraction(1)
        return v
    try:
        raw = (
            np.array(entry, dtype=object).reshape(-1)
            if not isinstance(entry, np.ndarray)
            else entry.reshape(-1)
        )
    except Exception:  # pragma: no cover - defensive
        raise InvalidProfileError(f"cannot read {entry!r} as a strategy of {player!r}.") from None
    if raw.shape != (m,):
        raise InvalidProfileError(
            f"{player!r} has {m} strategies {game.strategies[i]}, so a mixed strategy needs {m} "
            f"probabilities; got {len(raw)}: {entry!r}."
        )
    exact = raw.dtype == object and all(_is_exact(x) for x in raw)
    if exact:
        v = np.array([_to_fraction(x) for x in raw], dtype=object)
        if any(x < 0 for x in v) or sum(v) != 1:
            raise InvalidProfileError(
                f"the strategy of {player!r} must be a probability vector (non-negative, summing "
                f"to 1); got {[str(x) for x in v]} (sum {sum(v)})."
            )
        return v
    try:
        v = np.asarray(raw, dtype=float)
    except (TypeError, ValueError):
        raise InvalidProfileError(
            f"the strategy of {player!r} must be numbers; got {entry!r}."
        ) from None
    if (
        not np.all(np.isfinite(v))
        or v.min() < -ROUNDED_PROBABILITY_TOL
        or abs(v.sum() - 1) > ROUNDED_PROBABILITY_TOL
    ):
        raise InvalidProfileError(
            f"the strategy of {player!r} must be a probability vector (finite, non-negative, "
            f"summing to 1 within {ROUNDED_PROBABILITY_TOL}); got {v.tolist()} (sum "
            f"{v.sum()!r}). Normalise it, e.g. v / v.sum()."
        )
    if v.min() < -PROBABILITY_TOL or abs(v.sum() - 1) > PROBABILITY_TOL:
        # Rounded (printed) probabilities: within rounding of the simplex, so the profile
        # meant is clear. Use it normalised, and say so.
        total = v.sum()
        v = np.clip(v, 0.0, None)
        v = v / v.sum()
        warnings.warn(
            f"the strategy of {player!r} sums to {total!r} (off the probability simplex by "
            f"more than {PROBABILITY_TOL}, within {ROUNDED_PROBABILITY_TOL}): normalised to "
            f"{v.tolist()}.",
            NormalisedProfileWarning,
            stacklevel=4,
        )
    return v


def _is_exact(x: Any) -> bool:
    if isinstance(x, (bool, np.bool_)):
        return False
    return isinstance(x, (int, np.integer, Fraction)) or (
        isinstance(x, sympy.Basic) and x.is_Rational
    )


def _to_fraction(x: Any) -> Fraction:
    if isinstance(x, sympy.Basic):
        return Fraction(int(x.p), int(x.q))
    return Fraction(x)


#: Array kinds the kernels compute with: integers, floats, exact numbers (objects).
_KINDS = frozenset("iufO")


def _check_kernel_inputs(payoffs: Any, profile: Any) -> tuple[np.ndarray, Profile]:
    """The payoff array and the parsed profile the kernels take, their types and shapes
    checked. The solvers' own calls (a payoff array and a tuple of vectors) get no pass over
    the entries: these kernels run inside their loops. Anything else is a user's call: its
    object arrays (exact numbers) are checked entry by entry, so a ``None`` is refused
    with the package's error rather than numpy's ``TypeError``."""
    # the solvers' own calls (plain arrays of the right shapes) pass in a microsecond
    if type(payoffs) is np.ndarray and type(profile) is tuple and payoffs.dtype.kind in _KINDS:
        shape = payoffs.shape
        if len(profile) == len(shape) - 1 == shape[0]:
            for k, x in enumerate(profile, 1):
                if type(x) is not np.ndarray or x.shape != shape[k:k + 1] or (
                    x.dtype.kind not in _KINDS
                ):
                    break
            else:
                return payoffs, profile
    u = check_payoff_array(payoffs, min_ndim=2, entries=False)
    if u.dtype.kind == "O":  # exact numbers: None or a string in an object array is refused
        check_payoff_array(u, min_ndim=2)
    n = u.ndim - 1
    if u.shape[0] != n:
        raise InvalidGameError(
            f"payoffs must have shape (n_players, m_1, ..., m_n); got shape {u.shape}."
        )
    check_container(profile, "profile", InvalidProfileError)
    if not isinstance(profile, (tuple, list)) or len(profile) != n:
        raise InvalidProfileError(
            f"profile must be a tuple of {n} probability vectors (one per player, e.g. from "
            f"as_profile(game, ...)); got {type(profile).__name__} {profile!r:.60}."
        )
    vectors = []
    for k, x in enumerate(profile):
        v = check_payoff_array(
            x, f"the strategy of player {k}", entries=False, error=InvalidProfileError
        )
        if v.dtype.kind == "O":  # a few entries: every one a real number, not None
            check_payoff_array(v, f"the strategy of player {k}", error=InvalidProfileError)
        if v.shape != (u.shape[k + 1],):
            raise InvalidProfileError(
                f"the strategy of player {k} must be a vector of {u.shape[k + 1]} "
                f"probabilities; got shape {v.shape}."
            )
        vectors.append(v)
    return u, tuple(vectors)


def deviation_payoffs(payoffs: np.ndarray, profile: Profile, player: int) -> np.ndarray:
    """Player ``player``'s payoff from each pure strategy against the others' mixed strategies.

    ``payoffs`` is the full ``(n, m_1, ..., m_n)`` array (float or object of Fractions).

    >>> import numpy as np
    >>> u = np.array([[[3., 0.], [5., 1.]], [[3., 5.], [0., 1.]]])
    >>> deviation_payoffs(u, (np.array([1., 0.]), np.array([0.5, 0.5])), 0)
    array([1.5, 3. ])
    """
    payoffs, profile = _check_kernel_inputs(payoffs, profile)
    n = len(profile)
    if (type(player) is not int and (
        isinstance(player, (bool, np.bool_)) or not isinstance(player, np.integer)
    )) or not 0 <= player < n:
        raise InvalidProfileError(
            f"player must be an index in 0..{n - 1}; got {type(player).__name__} "
            f"{player!r}. Use game.player_index(name) for a name."
        )
    u = payoffs[player]
    if len(profile) == 2:  # two players: one matrix-vector product, without tensordot's overhead
        return u @ profile[1] if player == 0 else profile[0] @ u
    # Contract the other players' axes from the last one down, so axis numbers stay valid.
    for k in range(len(profile) - 1, -1, -1):
        if k != player:
            u = np.tensordot(u, profile[k], axes=([k], [0]))
    return u


def expected_payoffs(payoffs: np.ndarray, profile: Profile) -> np.ndarray:
    """Every player's expected payoff at a mixed profile (arrays, in player order).

    >>> import numpy as np
    >>> u = np.array([[[3., 0.], [5., 1.]], [[3., 5.], [0., 1.]]])
    >>> expected_payoffs(u, (np.array([0., 1.]), np.array([0., 1.])))
    array([1., 1.])
    """
    payoffs, profile = _check_kernel_inputs(payoffs, profile)
    n = len(profile)
    out = []
    for i in range(n):
        out.append(np.dot(deviation_payoffs(payoffs, profile, i), profile[i]))
    dtype = object if payoffs.dtype == object and all(p.dtype == object for p in profile) else float
    return np.array(out, dtype=dtype)
