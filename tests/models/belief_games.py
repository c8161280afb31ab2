"""The belief models at given values, for the beliefs tests."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from triangle.models.beliefs import belief_values


def at(game: Any, values: Mapping[str, Any] | None = None) -> Any:
    """``game.subs(belief_values(values, game=game))``, the same values, with the game's
    factors read once: ``belief_values(game=...)`` reads ``game.factors`` (every payoff's
    free symbols) once per factor name, about 0.1 s a call on these models."""
    names = game.factors
    return game.subs({k: v for k, v in belief_values(values).items() if k in names})
