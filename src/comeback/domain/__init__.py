"""The method as pure functions over frozen dataclasses: standard library only, no I/O.

`decide(scenario)` is the engine contract of SPEC 3; everything else in the package is an
adapter around it.
"""

from comeback.domain.catalogue import Catalogue, CatalogueError, load_catalogue
from comeback.domain.engine import decide
from comeback.domain.model import Decision, Scenario

__all__ = ["Catalogue", "CatalogueError", "Decision", "Scenario", "decide", "load_catalogue"]
