"""`make bench`: measured speed against issue 11's performance contract (see run.py)."""
