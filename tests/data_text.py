"""A user's own data files, as text: the fixtures the data-file and command tests edit."""

MINE = """
[[scenario]]
name = "mine"
title = "Mine"
description = "A calibration of my own."

[[scenario.override]]
factor = "sanctions_relief"
value = 0.9
provenance = "assumed"
reason = "Washington lifts most sanctions."
"""

CLAIM = """
[[claim]]
id = "my_pivot_unlikely"
source = "000_7475e70f1ac1d690.txt"
quote = "an anti-China alliance between the U.S. and Russia seems unlikely for now"
statement = "Russia does not pivot now."
kind = "equilibrium"
factors = ["sanctions_relief"]
"""
