"""The command line (`explainer ...`): Click commands that parse options, call the library and
print. ``main`` is the entry point."""

from explainer.cli.commands import capped, main

__all__ = ["capped", "main"]
