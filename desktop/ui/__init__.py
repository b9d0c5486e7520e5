"""PySide6 and nothing else imports it: windows, models, delegates, dialogs."""

import importlib

# The services the window opens with are loaded before PySide6 is: PySide6 looks at every module
# imported after it (reading the module's source, for its __feature__ switches), and ours have no
# use for that. (Loaded here, the package's first lines, before any window module imports Qt.)
for _name in ("backups", "evaluation", "instance_lock", "plans", "projects", "session", "settings", "values"):
    importlib.import_module(f"desktop.services.{_name}")
