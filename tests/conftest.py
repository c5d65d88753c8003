"""What many tests share: the project's catalogue, read the way the CLI reads it."""

from explainer import catalog

CAT = catalog.load()
