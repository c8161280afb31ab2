"""Dittmer's strategic triangle (0.1 path): re-exports :mod:`triangle.models.dittmer`.

Kept so that ``triangle.dittmer.classify`` and the other 0.1 names still import from here.

>>> from triangle.dittmer import classify
>>> classify({("US", "Russia"): 1, ("Russia", "China"): 1, ("US", "China"): 1}).configuration
'menage_a_trois'
"""

from triangle.models.dittmer import *  # noqa: F403
from triangle.models.dittmer import __all__ as __all__
