"""The explorer behind `stance serve`: HTML pages and their JSON API over one store, read-only.

Imported only by `serve`, so that no other command loads Starlette, Jinja2 or uvicorn.
"""
