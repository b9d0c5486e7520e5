"""Pure Python: the plan model, target wording, evaluation, the indicator catalogue."""
