"""What the store refuses, as exceptions with messages fit to show a user as they are."""


class StoreError(Exception):
    """Base of every refusal; the message is one line for the user."""


class Refused(StoreError):
    """Input that was not accepted; nothing was written. `problems` are `line N: …` lines."""

    def __init__(self, problems: list[str], more: int = 0):
        self.problems = problems
        self.more = more
        super().__init__(problems[0] if problems else "refused")


class UnknownEvent(StoreError):
    """No statement or event with that id."""


class NoStore(StoreError):
    """A command that only reads was pointed at a location where no store exists."""


class StoreBusy(StoreError):
    """Another writer held the store for longer than the busy timeout."""


class SchemaTooNew(StoreError):
    """The store was written by a newer stancelog."""


class VerifyFailed(StoreError):
    """The log or its projections are not what they should be."""
