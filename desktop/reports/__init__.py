"""PDF summaries and evaluation reports (reportlab), with the Chinese fonts embedded."""
