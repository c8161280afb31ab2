"""triangle: game theory of the US-Russia-China strategic triangle.

Games whose payoffs are functions of the factors five 2025 articles cite, solvers whose
every answer is verified, and sensitivity functions that say which factors decide.

>>> import triangle as tri
>>> g = tri.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
>>> tri.pure_equilibria(g)
Equilibria([Equilibrium(Player 1: s2; Player 2: s2; payoffs 1, 1)])
"""

from triangle import dittmer, models
from triangle._version import __version__
from triangle.citations import cite
from triangle.errors import (
    InvalidGameError,
    InvalidProfileError,
    SolverError,
    SymbolicGameError,
    TriangleError,
    UnknownNameError,
)
from triangle.games.bayesian import BayesianGame
from triangle.games.gambit import read_gambit
from triangle.games.normal_form import NormalFormGame
from triangle.games.repeated import RepeatedGame
from triangle.games.results import Equilibria, Equilibrium
from triangle.games.sequential import SequentialGame
from triangle.games.signaling import SignalingGame
from triangle.models import Scenario, explain, scenarios
from triangle.models.factors import Factor, factors, load_factors
from triangle.models.terms import Term, load_terms
from triangle.sensitivity import sample_factors, sweep
from triangle.solvers.backward_induction import backward_induction
from triangle.solvers.bayesian import (
    BayesianEquilibria,
    BayesianEquilibrium,
    bayesian_equilibria,
    is_bayesian_equilibrium,
)
from triangle.solvers.dominance import dominated_strategies, iterated_elimination
from triangle.solvers.equilibria import equilibria
from triangle.solvers.logit import logit_branch, logit_qre
from triangle.solvers.logit_fit import logit_fit
from triangle.solvers.pure import pure_equilibria, pure_equilibria_batch
from triangle.solvers.repeated_abreu_sannikov import (
    PAYOFF_SET_METHODS,
    PayoffSet,
    abreu_sannikov,
    outer_payoff_set,
    payoff_set,
)
from triangle.solvers.repeated_minmax import minmax_values
from triangle.solvers.repeated_payoff_sets import feasible_payoffs, individually_rational_payoffs
from triangle.solvers.signaling import PerfectBayesianEquilibrium, perfect_bayesian_equilibria
from triangle.solvers.support_enumeration import support_enumeration
from triangle.solvers.verify import is_equilibrium, regret
from triangle.solvers.vertex_enumeration import vertex_enumeration
from triangle.verdicts.claims import Claim, ClaimResult, claims, evaluate_claims, load_claims
from triangle.verdicts.edges import PointEdges, point_edges

__all__ = [
    "PAYOFF_SET_METHODS",
    "BayesianEquilibria",
    "BayesianEquilibrium",
    "BayesianGame",
    "Claim",
    "ClaimResult",
    "Equilibria",
    "Equilibrium",
    "Factor",
    "InvalidGameError",
    "InvalidProfileError",
    "NormalFormGame",
    "PayoffSet",
    "PerfectBayesianEquilibrium",
    "PointEdges",
    "RepeatedGame",
    "Scenario",
    "SequentialGame",
    "SignalingGame",
    "SolverError",
    "SymbolicGameError",
    "Term",
    "TriangleError",
    "UnknownNameError",
    "__version__",
    "abreu_sannikov",
    "backward_induction",
    "bayesian_equilibria",
    "cite",
    "claims",
    "dittmer",
    "dominated_strategies",
    "equilibria",
    "evaluate_claims",
    "explain",
    "factors",
    "feasible_payoffs",
    "individually_rational_payoffs",
    "is_bayesian_equilibrium",
    "is_equilibrium",
    "iterated_elimination",
    "load_claims",
    "load_factors",
    "load_terms",
    "logit_branch",
    "logit_fit",
    "logit_qre",
    "minmax_values",
    "models",
    "outer_payoff_set",
    "payoff_set",
    "perfect_bayesian_equilibria",
    "point_edges",
    "pure_equilibria",
    "pure_equilibria_batch",
    "read_gambit",
    "regret",
    "sample_factors",
    "scenarios",
    "support_enumeration",
    "sweep",
    "vertex_enumeration",
]
