"""The course tests share the rendered site of the gallery tests."""

from tests.gallery.conftest import site  # noqa: F401 - a fixture, used by name
