"""Named errors of the library. The CLI translates them once, at the edge, into `Error: …`."""


class NewsdeskError(Exception):
    """Base class of every error newsdesk raises on purpose."""


class InputError(NewsdeskError):
    """One input (file, record, URL) cannot be read; the batch goes on without it."""

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class StorageError(NewsdeskError):
    """The database cannot be opened, migrated or written."""


class NotFoundError(NewsdeskError):
    """An article, story or other record asked for by id does not exist."""


class ModelError(NewsdeskError):
    """A language model that newsdesk needs cannot be loaded."""
