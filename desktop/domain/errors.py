"""Expected failures carry a sentence for the user; anything else is a bug with a traceback."""


class KnownError(Exception):
    """A situation the user can act on (bad file, locked database, full disk): one clear sentence."""

    def __init__(self, message: str, *, detail: str = ""):
        super().__init__(message)
        self.message = message
        self.detail = detail

    def __str__(self) -> str:
        return self.message


class SchemaTooNew(KnownError):
    """The database was written by a newer program."""


class DocumentError(KnownError):
    """A plan document the reader cannot make sense of."""


class DuplicateDocument(KnownError):
    """The same document (same hash) is already in the database."""
