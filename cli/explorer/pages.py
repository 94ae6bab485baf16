"""The explorer's HTML pages. Each gathers its rows from the same functions as the CLI and the API (cli/queries.py)
and hands them to a template; the templates hold the markup and escape every value (Jinja2 autoescape).

A page reads every query as of one log position, fixed when the request arrives: an import committed while the
page is being gathered shows in none of its parts, never in half of them.
"""

from datetime import UTC, datetime
from functools import cache
from typing import Any
from urllib.parse import urlencode

import typer
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from cli import queries
from store.errors import StoreError, UnknownEvent

LOG_PAGE = 200


@cache
def templates():
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("cli.explorer", "templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    from markupsafe import Markup

    from cli.views import labels
    from cli.views.chart import STANCE_STYLE
    from cli.views.glyphs import sprite
    from events.search import snippet_parts

    env.globals.update(stances=list(STANCE_STYLE), colour=lambda s: STANCE_STYLE.get(s, ("#52606D", ""))[0],
                       safe_url=labels.safe_url, source_text=labels.source_text, speaker_text=labels.speaker_text,
                       value_text=labels.value_text, kind_text=labels.kind_text, recorded_text=labels.recorded_text,
                       snippet_parts=snippet_parts, plural=labels.plural,
                       sprite=Markup(sprite()))  # our own SVG symbols, with no text from the store
    return env


class View:
    """One page request: its parameters, the store as of one seq, and the registry's names at that seq."""

    def __init__(self, request: Request, store):
        self.request, self.store = request, store
        self.params = request.query_params
        for key, value in self.params.multi_items():
            if len(value) > 1000 or len(key) > 40:
                raise typer.BadParameter(f"parameter '{key[:40]}' is too long")
        self.known_at = self.params.get("known_at") or self.params.get("known-at") or None
        ledger = store()
        given = queries.known_seq(ledger, self.known_at)
        self.head = ledger.head()
        self.seq = given if given is not None else self.head[0]
        self.pinned = f"seq:{self.seq}"
        from cli.views.labels import issue_labels
        from store.registry import party_names

        self.names = party_names(ledger, self.seq)
        self.issue_label = issue_labels(ledger, self.seq)

    def party(self, slug: str) -> str:
        return self.names.get(slug, slug)

    def link(self, path: str, **params: Any) -> str:
        """A link that keeps the page's known-at."""
        if self.known_at:
            params.setdefault("known_at", self.known_at)
        query = urlencode([(k, v) for k, v in params.items() if v not in (None, "", [])], doseq=True)
        return path + ("?" + query if query else "")

    def render(self, template: str, status: int = 200, **context: Any) -> Response:
        body = templates().get_template(template).render(view=self, **context)
        return HTMLResponse(body, status_code=status)


def _page(build):
    """A page handler: usage errors and unknown ids become a page that says what was wrong."""

    def handler(request: Request, store):
        try:
            return build(View(request, store))
        except typer.BadParameter.__mro__[1] as e:  # click's UsageError
            return error_page(request, 400, e.format_message())
        except StoreError as e:  # an unknown statement is not there; anything else was asked wrongly
            return error_page(request, 404 if isinstance(e, UnknownEvent) else 400, str(e))

    handler.__name__ = build.__name__
    return handler


def error_page(request: Request, status: int, message: str) -> Response:
    body = templates().get_template("error.html").render(status=status, message=message, view=None)
    return HTMLResponse(body, status_code=status)


def given(params, name: str) -> list[str]:
    """A repeated parameter's values; a form's empty choice ("any") is no filter."""
    return [v for v in params.getlist(name) if v]


def day(us: int) -> str:
    return datetime.fromtimestamp(us / 1_000_000, UTC).strftime("%Y-%m-%d")


# --- the pages ---------------------------------------------------------------------------------------------


def as_of(view: View) -> Response:
    from store.calendar import stated_starts

    dates = sorted({day(us) for us in stated_starts(view.store(), view.seq)})
    when = view.params.get("as_of") or (dates[-1] if dates else datetime.now(UTC).strftime("%Y-%m-%d"))
    rows = queries.as_of(view.store, when, known_at=view.pinned)
    parties = sorted({r["party"] for r in rows}, key=lambda p: view.party(p).casefold())
    issues = sorted({r["issue"] for r in rows})
    cells = {(r["issue"], r["party"]): r for r in rows}
    at = max((i for i, d in enumerate(dates) if d <= when), default=0)
    return view.render("matrix.html", when=when, dates=dates, at=at, parties=parties, issues=issues, cells=cells,
                       api=view.link("/api/as-of", when=when))


def issue(view: View) -> Response:
    path = view.request.path_params["path"]
    rows = list(queries.timeline(view.store, issue=[path], known_at=view.pinned))
    kinds = {s["to"]["statement_id"]: s["kind"] for s in queries.shifts(view.store, issue=[path],
                                                                          known_at=view.pinned)}
    return view.render("issue.html", path=path, rows=rows, kinds=kinds,
                       chart=view.link("/chart.svg", issue=path),
                       phone_chart=view.link("/chart.svg", issue=path, phone=1),
                       api=view.link("/api/timeline", issue=path))


def party(view: View) -> Response:
    slug = view.request.path_params["slug"]
    rows = queries.history(view.store, slug, known_at=view.pinned)
    return view.render("party.html", slug=slug, rows=rows, api=view.link("/api/history", party=slug))


def statement(view: View) -> Response:
    from cli.views.labels import changed_fields

    found = queries.show(view.store, view.request.path_params["id"], known_at=view.pinned)
    versions = found["versions"]
    changes = [[]] + [changed_fields(a["content"], b["content"]) for a, b in zip(versions, versions[1:], strict=False)]
    return view.render("statement.html", found=found, current=versions[-1]["content"], changes=changes,
                       api=view.link("/api/show", id=found["statement_id"]))


def shifts(view: View) -> Response:
    p = view.params
    rows = queries.shifts(view.store, p.get("from") or None, p.get("to") or None, given(p, "party"),
                          given(p, "issue"), view.pinned)
    return view.render("shifts.html", rows=rows, api=view.link("/api/shifts", **{
        "from": p.get("from"), "to": p.get("to"), "party": given(p, "party"), "issue": given(p, "issue")}))


def diff(view: View) -> Response:
    when1, when2 = view.params.get("when1") or "", view.params.get("when2") or ""
    rows = queries.diff(view.store, when1, when2, known_at=view.pinned) if when1 and when2 else None
    return view.render("diff.html", when1=when1, when2=when2, rows=rows,
                       api=view.link("/api/diff", when1=when1, when2=when2) if rows is not None else None)


def log(view: View) -> Response:
    since = view.params.get("since") or "0"
    if not since.isdigit():
        raise typer.BadParameter(f"'{queries.shown(since)}' is not a seq", param_hint="'--since'")
    rows = []
    for row in queries.log(view.store, int(since), view.pinned):
        rows.append(row)
        if len(rows) > LOG_PAGE:
            break
    more = rows[LOG_PAGE]["seq"] - 1 if len(rows) > LOG_PAGE else None
    return view.render("log.html", rows=rows[:LOG_PAGE], more=more, since=int(since),
                       api=view.link("/api/log", since=since))


def search(view: View) -> Response:
    p = view.params
    query = p.get("query") or ""
    options = {"as_of": p.get("as_of") or None, "party": given(p, "party"), "issue": given(p, "issue"),
               "limit": p.get("limit") or "50"}
    rows = None
    if query:
        if not options["limit"].isdigit():
            raise typer.BadParameter(f"'{queries.shown(options['limit'])}' is not a number", param_hint="'--limit'")
        rows = queries.search(view.store, query, options["as_of"], view.pinned, options["party"], options["issue"],
                              int(options["limit"]))
    from store.registry import with_counts

    ledger = view.store()
    return view.render("search.html", query=query, options=options, rows=rows,
                       parties=[r["party"] for r in with_counts(ledger, "party", view.seq)],
                       issues=[r["issue"] for r in with_counts(ledger, "issue", view.seq)],
                       api=view.link("/api/search", query=query, as_of=options["as_of"], party=options["party"],
                                     issue=options["issue"]) if query else None)


def chart_svg(request: Request, store) -> Response:
    """An issue's timeline chart, as an image of its own: matplotlib's SVG styles itself inline, which the pages'
    policy forbids, and an image cannot run script."""
    from cli.views.chart import chart_data, chart_title, draw

    try:
        view = View(request, store)
        issues = view.params.getlist("issue")
        _, issues = queries.topics(None, issues)
        statements, kinds, by_party, by_issue = chart_data(view.store(), view.seq, None, None, [], issues)
        svg = draw(statements, kinds, by_party, by_issue, "party", "svg", title=chart_title(statements, "party"),
                   phone=view.params.get("phone") == "1")
    except ImportError:
        return Response("the chart needs matplotlib: pip install 'stancelog[report]'\n", status_code=404,
                        media_type="text/plain; charset=utf-8")
    except (typer.BadParameter.__mro__[1], StoreError) as e:
        return Response(f"{e}\n", status_code=400, media_type="text/plain; charset=utf-8")
    return Response(svg, media_type="image/svg+xml",
                    headers={"content-security-policy": "default-src 'none'; style-src 'unsafe-inline'"})


PAGES = [("/", as_of), ("/issue/{path:path}", issue), ("/party/{slug}", party), ("/statement/{id}", statement),
         ("/shifts", shifts), ("/diff", diff), ("/log", log), ("/search", search)]


def routes(store) -> list[Route]:
    def bind(handler):
        def endpoint(request: Request):
            return handler(request, store)

        return endpoint

    return [*(Route(path, bind(_page(build)), name=build.__name__) for path, build in PAGES),
            Route("/chart.svg", bind(chart_svg))]
