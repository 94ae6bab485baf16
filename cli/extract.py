"""`stance extract`: candidate statements from a news article, printed in the import format or reviewed and imported.

The extraction itself is `events.extract` (pure); this module reads the article and the registry, prints, prompts
and appends. `--evaluate DIR` scores the extraction against a hand-labelled gold set.
"""

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from cli.options import ByOption, fail, open_ledger
from cli.output import Col, Format, render

SHIPPED_REGISTRY = Path(__file__).parent / "data" / "registry.jsonl"
SHIPPED_MODEL = Path(__file__).parent / "data" / "extract_model.json"  # made by `python -m cli.extract_model train`
KINDS = ("party", "issue", "speaker")
COLUMNS = ["stated_on", "party", "speaker", "role", "issue", "stance", "position", "conditions", "quote", "source",
           "note", "evidence"]
TABLE = [Col("stated_on"), Col("party", width=14), Col("issue", width=22), Col("stance"), Col("speaker", width=18),
         Col("position", wrap=True), Col("conf", lambda r: r["why"].split(":")[0].removeprefix("confidence "))]
EVALUATION_COLUMNS = ["article", "level", "candidates", "gold", "matched", "precision", "recall"]
DEV_TEXTS = "/work/extract-texts"  # where the development set's texts are kept when STANCE_EXTRACT_TEXTS is unset


def _opt(help: str, **kw):
    return typer.Option(help=help, **kw)


def extract(
    ctx: typer.Context,
    article: Annotated[str | None, typer.Argument(
        metavar="ARTICLE", help="A plain-text article (UTF-8); - reads stdin.", show_default=False)] = None,
    published_on: Annotated[str | None, _opt(
        "When the article was published (YYYY, YYYY-MM, YYYY-MM-DD or a date-time): relative dates are read "
        "against it, and statements without date words get it. Default: today (UTC), with a warning.",
        metavar="DATE")] = None,
    outlet: Annotated[str | None, _opt("The source's outlet.")] = None,
    title: Annotated[str | None, _opt("The article's title (a line of the text equal to it is skipped).")] = None,
    url: Annotated[str | None, _opt("The source's URL.")] = None,
    review: Annotated[bool, typer.Option("--review", help="Walk through the candidates (accept, edit, skip) and "
                                         "import the accepted ones in one transaction.")] = False,
    evaluate: Annotated[str | None, _opt(
        "Instead of an article: score the extraction against the gold set in DIR (articles.jsonl, the texts and "
        "their .gold.jsonl, or a development set whose labels give offsets into texts kept elsewhere) and print "
        "precision and recall.", metavar="DIR")] = None,
    texts: Annotated[str | None, _opt(
        "With --evaluate on a development set: the folder holding its texts.", metavar="DIR",
        envvar="STANCE_EXTRACT_TEXTS", show_default="/work/extract-texts")] = None,
    fmt: Annotated[Format | None, typer.Option(
        "--format", "-f", case_sensitive=False,
        help="Output format (default: jsonl, the import format; table for --evaluate).")] = None,
    show_skipped: Annotated[bool, typer.Option(
        "--show-skipped", help="List on stderr each attributed sentence that gave no candidate, and why.")] = False,
    why: Annotated[bool, typer.Option(
        "--why", help="Print each candidate's confidence and reasons on stderr (they are never in the output, "
        "which is the import format); with --evaluate on a development set, each label missed and each candidate "
        "that matches no label.")] = False,
    rules_only: Annotated[bool, typer.Option(
        "--rules-only", help="Candidates of the rules alone, without those the model reads in the sentences the "
        "rules left (each of those says so in its reasons).")] = False,
    event_on: Annotated[str | None, _opt(
        "The day of the event the article reports: a candidate dated before it is flagged, as one dated after "
        "publication always is.", metavar="DATE")] = None,
    by: ByOption = None,
) -> None:
    """Propose candidate statements from a news article; nothing is written unless --review imports them."""
    if evaluate is not None:
        if article is not None or review:
            raise typer.BadParameter("give either ARTICLE or --evaluate DIR, without --review", param_hint="--evaluate")
        _evaluate(ctx, Path(evaluate), fmt or Format.table, Path(texts or DEV_TEXTS), why, _model(rules_only))
        return
    if article is None:
        raise typer.BadParameter("give an article file, or - for stdin", param_hint="ARTICLE")
    if review and article == "-":
        raise typer.BadParameter("--review asks its questions on stdin; give the article as a file",
                                 param_hint="--review")
    source = {k: v for k, v in (("url", url), ("outlet", outlet), ("title", title)) if v}
    if "url" not in source and "outlet" not in source:
        raise typer.BadParameter("every statement needs a source: give --outlet or --url", param_hint="--outlet")
    published_on = _published_on(published_on)
    if event_on is not None:
        _date(event_on, "--event-on")
    source["published_on"] = published_on
    text = _read_article(article)
    # Only --review writes: without it a location with no store is read as "no registry", and nothing is created
    ledger = open_ledger(ctx, create=True) if review else _existing_ledger(ctx)
    registry = _registry(ledger)
    from events.extract.candidates import extract_all

    found = extract_all(text, registry, published_on, source, title, event_on, _model(rules_only))
    _report(found, show_skipped, why)
    if review:
        from cli.review import review as walk

        offered = {"party": list(registry.parties), "issue": list(registry.issues),
                   "speaker": [s.name for s in registry.speakers]}
        walk(ledger, found.candidates, article, by, offered)
        return
    # The machine's reasons are not the analyst's note: the printed candidates (the import format) leave them out
    rows = [{**_without_reasons(c), "why": c["note"]} if fmt is Format.table else _without_reasons(c)
            for c in found.candidates]
    if render(rows, COLUMNS, fmt or Format.jsonl, TABLE) == 0:
        typer.echo(f"no candidate statements found in {'stdin' if article == '-' else article}", err=True)


def _model(rules_only: bool):
    """The shipped model, unless the rules alone are asked for."""
    if rules_only:
        return None
    import orjson

    from events.extract.model import Model

    return Model.from_dict(orjson.loads(SHIPPED_MODEL.read_bytes()))


def _without_reasons(candidate: dict) -> dict:
    return {k: v for k, v in candidate.items() if k != "note"}


def _existing_ledger(ctx: typer.Context):
    """The store at --db if there is one, else None (then the shipped registry is used)."""
    from store import NoStore

    try:
        return open_ledger(ctx)
    except NoStore:
        return None


def _report(found, show_skipped: bool, why: bool = False) -> None:
    """On stderr: candidates whose date cannot be right (and, with --why, every candidate's reasons), and the
    attributed sentences that gave no candidate."""
    for n, candidate in enumerate(found.candidates, 1):
        check = candidate["note"].partition("CHECK THE DATE: ")[2]
        if check:
            typer.echo(f"warning: candidate {n}: {check.split(';')[0]}", err=True)
        if why:
            typer.echo(f"candidate {n}: {candidate['note']}", err=True)
    if not found.skipped:
        return
    if not show_skipped:
        typer.echo(f"{len(found.skipped)} attributed sentences gave no candidate (--show-skipped lists them)",
                   err=True)
        return
    for skipped in found.skipped:
        who = f"{skipped.speaker}: " if skipped.speaker else ""
        typer.echo(f"skipped sentence {skipped.index + 1} ({skipped.reason}): {who}{skipped.sentence}", err=True)


def _published_on(value: str | None) -> str:
    if value is None:
        import datetime

        today = datetime.datetime.now(datetime.UTC).date().isoformat()
        typer.echo(f"warning: no --published-on; dates are read against today, {today}", err=True)
        return today
    return _date(value, "--published-on")


def _date(value: str, option: str) -> str:
    from events.periods import NotADate, parse_period

    try:
        parse_period(value)
    except NotADate as e:
        raise typer.BadParameter(f"'{value}' {e}", param_hint=option) from None
    return value


def _read_article(article: str) -> str:
    data = sys.stdin.buffer.read() if article == "-" else None
    if data is None:
        path = Path(article)
        if not path.is_file():
            raise fail(f"no such file: {article}")
        data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise fail(f"{'stdin' if article == '-' else article} is not UTF-8 text") from None


def _registry(ledger, more_parties: list[dict] = ()):
    """The store's registry (the one shipped with stancelog when the store has none), and more parties if given."""
    from events.extract import Registry
    from store.registry import entries

    found = {kind: [{k: v for k, v in e.items() if k != "id"} for e in entries(ledger, kind)] if ledger else []
             for kind in KINDS}
    if not any(found.values()):
        typer.echo("the store has no registry; using the one shipped with stancelog (stance import "
                   f"{SHIPPED_REGISTRY} to keep it)", err=True)
        found = shipped_registry()
    known = {p["slug"] for p in found["party"]}
    parties = found["party"] + [p for p in more_parties if p["slug"] not in known]
    return Registry.from_entries(parties, found["issue"], found["speaker"])


def _speakers(ledger) -> list[dict[str, Any]]:
    """The registry's speakers, with their aliases, from the store or, when it has no registry, as shipped."""
    from store.registry import entries

    if ledger is not None and any(entries(ledger, kind) for kind in KINDS):
        return [{k: v for k, v in e.items() if k != "id"} for e in entries(ledger, "speaker")]
    return shipped_registry()["speaker"]


def shipped_registry() -> dict[str, list[dict[str, Any]]]:
    import orjson

    from events.validation import parse_event

    found: dict[str, list[dict[str, Any]]] = {kind: [] for kind in KINDS}
    for line in SHIPPED_REGISTRY.read_bytes().splitlines():
        if line.strip():
            event = parse_event(orjson.loads(line))
            found[event.kind].append(event.fields)
    return found


def _candidates(model):
    from events.extract import extract as find

    def candidates(text: str, registry, published_on: str, source: dict, title: str | None) -> list[dict]:
        return find(text, registry, published_on, source, title, model=model)

    return candidates


# --- evaluation -----------------------------------------------------------------------------------------------

def _evaluate(ctx: typer.Context, folder: Path, fmt: Format, texts: Path, why: bool = False, model=None) -> None:
    import orjson

    from events.extract.scoring import LEVELS, Score, score

    manifest = folder / "articles.jsonl"
    if not manifest.is_file():
        raise fail(f"no {manifest}: a gold set is articles.jsonl with, for each article, its text and gold file")
    if b'"split"' in manifest.read_bytes():
        from cli.devset import evaluate_devset

        ledger = _existing_ledger(ctx)
        # The parties the labels use beyond the shipped registry (parties.jsonl), as an analyst would register them
        extra = folder / "parties.jsonl"
        parties = [orjson.loads(p) for p in extra.read_bytes().splitlines() if p.strip()] if extra.is_file() else []
        registry = _registry(ledger, parties)
        evaluate_devset(folder, texts, registry, _speakers(ledger), _candidates(model), fmt, why)
        return
    registry = _registry(_existing_ledger(ctx))
    totals = {level: Score(0, 0, 0) for level in LEVELS}
    rows = []
    for line in manifest.read_bytes().splitlines():
        if not line.strip():
            continue
        entry = orjson.loads(line)
        text = (folder / entry["article"]).read_text(encoding="utf-8")
        gold = [orjson.loads(g) for g in (folder / entry["gold"]).read_bytes().splitlines() if g.strip()]
        source = {k: entry[k] for k in ("url", "outlet", "title") if entry.get(k)} or {"outlet": "gold set"}
        found = _candidates(model)(text, registry, entry["published_on"], source, entry.get("title"))
        for level, result in score(found, gold, text).items():
            totals[level] += result
            rows.append(_score_row(entry["article"], level, result))
    rows += [_score_row("all", level, totals[level]) for level in LEVELS]
    render(rows, EVALUATION_COLUMNS, fmt)


def _score_row(article: str, level: str, result) -> dict[str, Any]:
    def ratio(value: float | None) -> float | None:
        return None if value is None else round(value, 2)

    return {"article": article, "level": level, "candidates": result.candidates, "gold": result.gold,
            "matched": result.matched, "precision": ratio(result.precision), "recall": ratio(result.recall)}
