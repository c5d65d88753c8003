"""The content folder, read and checked: text (one TOML file per language), parameters
(params.toml), formulas (activations.toml), and the request a scene receives, built from them.

Every problem a course author can cause (a missing key, a wrong type, a value out of range, a
TOML syntax error, an unknown placeholder) is a ``ContentError`` whose message names the file
and the key.
"""
