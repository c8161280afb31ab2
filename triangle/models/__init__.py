"""The strategic-triangle models built from the factor registry and the payoff terms.

- :func:`simultaneous` (stable): the 3-player normal-form game, symbolic in the factors.
- :data:`scenarios`: named sets of factor values (2025 baseline, one per article, 1972);
  :func:`resolve_point` turns a scenario name, a :class:`Scenario` or a mapping of values
  into a :class:`Point` (values, ranges, model options), the one resolver of a point.
- :func:`explain`: the terms of one cell, with values and quotes.
- :func:`sequential`, :func:`china_first`, :func:`irreversible_pivot`,
  :func:`election_2028`: the sequential (extensive-form) versions, built from the same terms
  (:mod:`triangle.models.sequential`).
- :func:`us_russia`, :func:`threshold_hazard`, :func:`in_time_summary`: US-Russia engagement
  as a repeated game with the 2028 hazard (:mod:`triangle.models.repeated`).
- :mod:`triangle.models.dittmer` (Dittmer's theory of the triangle) and
  :mod:`triangle.models.configurations` (the model's stances, and the configuration of
  an outcome).

>>> import triangle as tri
>>> g = tri.models.simultaneous().subs(tri.scenarios["baseline"])
>>> g.is_symbolic
False
"""

from triangle.models.explain import ExplainedTerm, Explanation, explain
from triangle.models.repeated import in_time_summary, threshold_hazard, us_russia
from triangle.models.scenarios import (
    Override,
    Point,
    Scenario,
    ScenarioRegistry,
    resolve_point,
    scenarios,
)
from triangle.models.sequential import china_first, election_2028, irreversible_pivot, sequential
from triangle.models.simultaneous import (
    CHINA_GROUPS,
    CHINA_PUNISHES,
    PLAYERS,
    STRATEGIES,
    simultaneous,
    simultaneous_terms,
)

__all__ = [
    "CHINA_GROUPS",
    "CHINA_PUNISHES",
    "PLAYERS",
    "STRATEGIES",
    "ExplainedTerm",
    "Explanation",
    "Override",
    "Point",
    "Scenario",
    "ScenarioRegistry",
    "china_first",
    "election_2028",
    "explain",
    "in_time_summary",
    "irreversible_pivot",
    "resolve_point",
    "scenarios",
    "sequential",
    "simultaneous",
    "simultaneous_terms",
    "threshold_hazard",
    "us_russia",
]
