"""Spreadsheets out and back in (openpyxl), and the long format for other systems."""
