"""Test-session settings shared by tests/, doctests in triangle/ and docs/."""

import os

from hypothesis import HealthCheck, settings

# CI runs derandomised (reproducible) and a little lighter; developers explore more.
settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
