"""`stance register party|issue|speaker …`: add an entry to the registry, as an event in the log."""

from typing import Annotated

import typer

from cli.examples import epilog
from cli.options import ByOption, open_ledger, recorder, say

register_app = typer.Typer(
    help="Add a party, issue or speaker to the registry. Once any party (or issue) is registered, statements must "
         "name registered ones.", no_args_is_help=True)


def _register(ctx: typer.Context, entry: dict, by: str | None) -> None:
    done = open_ledger(ctx, create=True).register(entry, recorder(by))
    key = entry.get("slug") or entry["name"]
    say(f"registered {entry['type']} {key} (entry {done.ids[0]}) at seq {done.last_seq}")


@register_app.command("party", epilog=epilog("party"))
def party(
    ctx: typer.Context,
    slug: Annotated[str, typer.Argument(metavar="SLUG", help="The party's slug: russia, united-states.")],
    name: Annotated[str, typer.Option(help="Its display name: Russia, United States.")],
    by: ByOption = None,
) -> None:
    """Register a party."""
    _register(ctx, {"type": "party", "slug": slug, "name": name}, by)


@register_app.command("issue", epilog=epilog("issue"))
def issue(
    ctx: typer.Context,
    slug: Annotated[str, typer.Argument(metavar="SLUG", help="The issue's path: territory, territory/donbas.")],
    title: Annotated[str, typer.Option(help="Its display title.")],
    description: Annotated[str | None, typer.Option(help="What the issue covers.")] = None,
    by: ByOption = None,
) -> None:
    """Register an issue (a sub-issue of a registered issue needs no entry of its own)."""
    _register(ctx, {"type": "issue", "slug": slug, "title": title, "description": description}, by)


@register_app.command("speaker", epilog=epilog("speaker"))
def speaker(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="The speaker's full name, as statements store it.")],
    alias: Annotated[list[str] | None, typer.Option(help="Another name they go by; repeat for more.")] = None,
    party: Annotated[str | None, typer.Option(help="The party they speak for (an affiliation).")] = None,
    role: Annotated[str | None, typer.Option(help="Their role in that affiliation.")] = None,
    from_: Annotated[str | None, typer.Option("--from", metavar="D", help="The affiliation's first date.")] = None,
    to: Annotated[str | None, typer.Option(metavar="D", help="The affiliation's last date.")] = None,
    by: ByOption = None,
) -> None:
    """Register a speaker, with aliases and one affiliation (correct the entry to add more)."""
    affiliation = {"party": party, "role": role, "from": from_, "to": to}
    if party is None and any(affiliation.values()):
        raise typer.BadParameter("--role, --from and --to describe an affiliation: give its --party",
                                 param_hint="--party")
    entry = {"type": "speaker", "name": name, "aliases": alias or None,
             "affiliations": [{k: v for k, v in affiliation.items() if v is not None}] if party else None}
    _register(ctx, entry, by)
