"""`make bench`: the measured-speed part of issue 5. A benchmark, not a test (see run.py)."""
