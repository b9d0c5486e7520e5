"""PySide6 and nothing else imports it: windows, models, delegates, dialogs."""

import importlib
import sys

# Qt's enums as Python enums, without PySide6's forgiveness for old spellings (Qt.AlignLeft for
# Qt.AlignmentFlag.AlignLeft: every member copied onto its class, and renamed aliases kept), which
# the program never uses: the 118 enums the window creates at its start take a third less time.
# Read by PySide6 when it is first imported, which is after this line.
if "PySide6" not in sys.modules:
    sys.pyside6_option_python_enum = 0x01 | 0x10 | 0x20     # new enums, no fake shortcuts or renames

# The services the window opens with are loaded before PySide6 is: PySide6 looks at every module
# imported after it (reading the module's source, for its __feature__ switches), and ours have no
# use for that. (Loaded here, the package's first lines, before any window module imports Qt.)
for _name in ("backups", "evaluation", "instance_lock", "plans", "projects", "session", "settings", "values"):
    importlib.import_module(f"desktop.services.{_name}")
