"""The explorer's routes: `/api/COMMAND` beside every page, the pages, the stylesheet, the script and the chart."""

from importlib import resources

import orjson
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from cli.explorer import pages
from cli.explorer.api import BadRequest, answer, commands, in_a_worker_thread
from cli.explorer.guard import Guard

STATIC = {"explorer.css": "text/css; charset=utf-8", "explorer.js": "text/javascript; charset=utf-8"}


class Json(JSONResponse):
    def render(self, content) -> bytes:
        return orjson.dumps(content)


def make_app(ledger, hosts: set[str]):
    """The ASGI app over an open, read-only ledger, answering only requests whose Host is in `hosts`."""
    known_commands = commands()

    def store():
        return ledger

    def respond(command, params) -> Json:
        try:
            return Json(answer(command, params, store))
        except BadRequest as e:
            return Json({"error": str(e)}, status_code=400)

    async def api(request: Request):
        command = known_commands.get(request.path_params["command"])
        if command is None:
            return Json({"error": f"no such command: {request.path_params['command'][:40]}"}, status_code=404)
        params = request.query_params.multi_items()
        if in_a_worker_thread(command.name, params):
            return await run_in_threadpool(respond, command, params)
        return respond(command, params)  # on the event loop: a millisecond or two

    def static(request: Request):
        name = request.path_params["name"]
        if name not in STATIC and name != "style.css":
            return PlainTextResponse("not found\n", status_code=404)
        if name == "style.css":
            from cli.views.style import CSS

            return Response(CSS, media_type="text/css; charset=utf-8")
        body = resources.files("cli.explorer").joinpath("static", name).read_bytes()
        return Response(body, media_type=STATIC[name])

    def not_found(request: Request, exc):
        if request.url.path.startswith("/api/"):
            return Json({"error": "not found"}, status_code=404)
        return pages.error_page(request, 404, "There is no page at this address.")

    def internal(request: Request, exc):
        if request.url.path.startswith("/api/"):
            return Json({"error": "internal error"}, status_code=500)
        return PlainTextResponse("internal error\n", status_code=500)

    routes = [
        Route("/api/{command}", api),
        Route("/static/{name}", static),
        *pages.routes(store),
    ]
    app = Starlette(routes=routes, exception_handlers={404: not_found, 500: internal, Exception: internal})
    return Guard(app, hosts)
