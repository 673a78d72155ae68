"""Reads of the readiness app: each page's data in a fixed number of queries.

- self_assessment.py: self-scores beside CQC's, the gaps, the self-assessed result
- readiness.py: the readiness checks (checks.py) of each statement and the totals
- metrics.py: metrics with an organisation's values, the latest and the direction of travel
- pack.py: everything the information return pack prints
"""
