"""Plan documents (.txt, .docx) -> domain objects."""

from .reader import read_plan_bytes, read_plan_file

__all__ = ["read_plan_bytes", "read_plan_file"]
