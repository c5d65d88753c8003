"""`explainer cache`: how big the shared caches are, and clearing them."""

from __future__ import annotations

import click

from explainer import cache, settings
from explainer.errors import ExplainerError


@click.group("cache", invoke_without_command=True)
@click.pass_context
def cache_group(ctx: click.Context) -> None:
    """Show the shared caches (LaTeX and text SVGs, narration audio): files and size per
    folder, and the limit a batch trims them to when it ends
    ($EXPLAINER_CACHE_LIMIT_MB, default 300).

    Example: explainer cache; explainer cache clear
    """
    if ctx.invoked_subcommand is not None:
        return
    limit = cache.limit_bytes()
    found = cache.usage()
    for u in found:
        click.echo(f"{u.name}: {u.files} files, {cache.megabytes(u.bytes)}")
    total = sum(u.bytes for u in found)
    click.echo(f"total {cache.megabytes(total)} of {cache.megabytes(limit)} "
               f"in {settings.cache_dir()}")


@cache_group.command("clear")
def clear_command() -> None:
    """Delete every cached entry (they are made again as needed).

    Example: explainer cache clear
    """
    result = cache.evict(0)
    if result.deferred:
        raise ExplainerError("a render is using the cache: clear it when that render ends")
    click.echo(f"removed {result.removed} files, {cache.megabytes(result.freed)}")
