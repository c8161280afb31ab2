"""Bad input to the prior and Bayesian-form entry points is refused with the package's errors."""

from __future__ import annotations

import numpy as np
import pytest

import triangle as tri
from triangle.errors import InvalidArgumentError, TriangleError, UnknownNameError
from triangle.verdicts.bayesian_form import BayesianContext, bayesian_model, prior_dependence
from triangle.verdicts.priors import prior_sensitivity


@pytest.mark.parametrize("kwargs, error, words", [
    ({"n": 10**12}, InvalidArgumentError, "at most"),
    ({"n": float("nan")}, TriangleError, "whole number"),
    ({"priors": []}, InvalidArgumentError, "at least one prior"),
    ({"region": 0.5}, TriangleError, "scenario name or a Scenario"),
    ({"structural": ["c003_pivot_not_worth_itt"]}, UnknownNameError,
     "c003_pivot_not_worth_it"),
    ({"structural": np.zeros((2, 3))}, TriangleError, "structural"),
])
def test_prior_sensitivity_refuses(kwargs, error, words):
    with pytest.raises(error, match=words):
        prior_sensitivity(**{"n": 10, **kwargs})


@pytest.mark.parametrize("call, words", [
    (lambda: BayesianContext(None), "values must be a mapping"),
    (lambda: BayesianContext(tri.scenarios["baseline"].values, base=0.5), "base must be"),
    (lambda: BayesianContext(tri.scenarios["baseline"].values, game=0.5), "takes a game"),
    (lambda: bayesian_model(0.5), "takes a game"),
    (lambda: bayesian_model(tri.NormalFormGame.from_bimatrix([[1]], [[1]])), "triangle game"),
    (lambda: prior_dependence(n=-1), "at least 1"),
    (lambda: prior_dependence(n=10, seed=float("nan")), "seed"),
])
def test_the_bayesian_form_refuses(call, words):
    with pytest.raises(TriangleError, match=words):
        call()
