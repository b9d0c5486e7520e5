"""Qt item models keyed by stable ids."""
