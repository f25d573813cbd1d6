"""Placeholder: the package docstring follows in a later commit."""
