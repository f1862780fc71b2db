"""Comeback: postpartum glute and core recovery, decided from what she reports.

Not medical advice: every decision errs on the side of stopping and sends her to a
clinician when a sign calls for one.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
