"""Working together on a sidecar: the three-way merge and the git merge driver.

Owns merging sidecars (``merge``: what others added since loading, questions recorded for
conflicting verdicts) and installing the git merge driver and ``.gitattributes``
(``git_setup``). Sidecars are read and written through the sidecar package's functions.

May import: foundation, text, sidecar, corrections
"""
