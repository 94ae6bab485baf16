"""The `eventsourcing` peer: the same events stored and read back by that library's application recorders.

Each statement is an aggregate (its id the statement's id); a correction or retraction is the next version of its
target's aggregate. Every event carries the very dict of its import line as `payload`, goes through the
application's mapper (its JSON transcoder) to a `StoredEvent`, and is inserted with
`ApplicationRecorder.insert_events`, 1,000 per call, each call one transaction. Reading back pages through the
notification log with `select_notifications` and decodes every event with the same mapper. The library checks
nothing about the content (ids, targets, dates): the peer stores and reads, and no more.
"""

import uuid
from collections.abc import Iterator
from itertools import islice

import orjson
from eventsourcing.application import Application
from eventsourcing.domain import DomainEvent
from eventsourcing.persistence import StoredEvent

BATCH = 1000  # events per insert_events call: the "batches of 1000"
PAGE = 5000  # notifications per select_notifications call: the page stancelog's own log reader uses


class Stated(DomainEvent):
    payload: dict


class Corrected(DomainEvent):
    payload: dict


class Retracted(DomainEvent):
    payload: dict


KINDS = {"statement": Stated, "correction": Corrected, "retraction": Retracted}


class Peer(Application):
    """A plain application: its recorder and mapper are what we measure, with the library's defaults."""

    name = "StanceBench"


def environment(location: str) -> dict[str, str]:
    """The application's settings for a SQLite file or a PostgreSQL URL."""
    if "://" not in location:
        return {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": location}
    from sqlalchemy.engine import make_url

    url = make_url(location)
    return {
        "PERSISTENCE_MODULE": "eventsourcing.postgres", "POSTGRES_DBNAME": url.database or "",
        "POSTGRES_HOST": url.host or "127.0.0.1", "POSTGRES_PORT": str(url.port or 5432),
        "POSTGRES_USER": url.username or "", "POSTGRES_PASSWORD": url.password or "",
    }


def open_peer(location: str) -> Peer:
    return Peer(env=environment(location))


def stored_events(app: Peer, lines) -> Iterator[StoredEvent]:
    """Each import line as a domain event of its statement's aggregate, mapped to a StoredEvent."""
    versions: dict[uuid.UUID, int] = {}
    to_stored = app.mapper.to_stored_event
    now = DomainEvent.create_timestamp
    for line in lines:
        payload = orjson.loads(line)
        kind = payload.get("type", "statement")
        if kind == "statement":
            aggregate = uuid.UUID(payload["id"]) if "id" in payload else uuid.uuid5(uuid.NAMESPACE_OID, line)
            version = versions[aggregate] = 1
        else:
            aggregate = uuid.UUID(payload["target"])
            version = versions[aggregate] = versions[aggregate] + 1
        yield to_stored(KINDS[kind](originator_id=aggregate, originator_version=version, timestamp=now(),
                                    payload=payload))


def import_events(spec: dict):
    """`insert_events` of the file's events, BATCH per call: lines read, decoded, mapped and stored."""
    app = open_peer(spec["db"])  # creates the table: not timed

    def run(clock) -> int:
        stored = 0
        with open(spec["file"], "rb") as lines:
            events = stored_events(app, lines)
            while batch := list(islice(events, BATCH)):
                app.recorder.insert_events(batch)
                stored += len(batch)
        app.close()
        return stored

    return run


def read_events(spec: dict):
    """The whole notification log, page by page, each event decoded to its domain event."""
    app = open_peer(spec["db"])

    def run(clock) -> int:
        read = 0
        start = 1
        select, decode = app.recorder.select_notifications, app.mapper.to_domain_event
        while notifications := select(start, PAGE):
            for notification in notifications:
                decode(notification)
            read += len(notifications)
            start = notifications[-1].id + 1
        app.close()
        return read

    return run
