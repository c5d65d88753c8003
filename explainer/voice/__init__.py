"""Narration: a voice for every caption line, from a recorded clip or a speech engine."""
