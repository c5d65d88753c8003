"""``python -m explainer.cli``: the same as the ``explainer`` command."""

from explainer.cli.commands import main

main()
