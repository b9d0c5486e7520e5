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


class DatabaseMissing(KnownError):
    """The database file named does not exist (a typo in --db): never created silently."""


class DatabaseDamaged(KnownError):
    """The file is a database, but its pages are damaged: the only case a restore is offered."""


class NotADatabase(KnownError):
    """The file is not an SQLite database at all (another program's file)."""


class DatabaseReadOnly(KnownError):
    """The file or its folder cannot be written (a write-protected stick, permissions)."""


class DatabaseInUse(KnownError):
    """Another copy of the program holds the data folder."""


class HomeNotAFolder(KnownError):
    """The data folder named (--home, PLANLEDGER_HOME) is a file."""
