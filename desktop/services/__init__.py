"""One function per user action; what the window and the command line call."""
