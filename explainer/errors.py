"""Every error the library raises for a user to fix, under one base class.

The CLI turns an ``ExplainerError`` into one line on stderr and exit code 2, in one place; any
other exception is a bug and keeps its traceback.
"""

from __future__ import annotations


class ExplainerError(Exception):
    """A problem the user can fix; the message names the problem and the fix."""


class ContentError(ExplainerError):
    """A content file, parameter or scene declaration is wrong (names the file and key)."""


class BatchError(ExplainerError):
    """A render request or the output folder is wrong (unknown scene, bad option, lock)."""


class TrainingDiverged(ExplainerError):
    """A training run's numbers overflowed: the learning rate is too large."""


class VoiceError(ExplainerError):
    """A voice cannot be had: unknown engine, a missing, unreadable or silent clip."""
