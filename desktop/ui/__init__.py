"""PySide6 and nothing else imports it: windows, models, delegates, dialogs."""
