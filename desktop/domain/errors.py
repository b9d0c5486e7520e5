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


class DatabaseLost(DatabaseDamaged):
    """The user's database file is gone while its backups are still there: restore, never start
    silently from the bundled sample data."""


_OS_REASONS = {
    "ENOENT": "文件或文件夹不存在", "EISDIR": "这是一个文件夹", "EEXIST": "文件已存在",
    "ENOTDIR": "路径中有一部分不是文件夹", "EROFS": "只读的文件系统（如写保护的U盘）",
    "EACCES": "没有权限", "EPERM": "没有权限", "ENOSPC": "磁盘已满", "EBUSY": "文件正被其他程序使用",
    "ENAMETOOLONG": "文件名过长", "EINVAL": "文件名不合法", "EIO": "磁盘读写出错",
}


def os_reason(exc: OSError) -> str:
    """An operating-system error in Chinese (its English text never reaches the user)."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    if name in _OS_REASONS:
        return _OS_REASONS[name]
    if getattr(exc, "winerror", None) == 32:  # Windows: the file is open in another program
        return "文件正被其他程序（如 Excel/WPS）打开"
    return f"系统错误（{name or exc.errno or type(exc).__name__}）"
