"""This app's QuerySets scope by organisation through the one mechanism every app uses
(assessment/tenancy.py): each names the path to its organisation in `organisation_lookup`."""

from assessment.tenancy import ScopedQuerySet

__all__ = ["ScopedQuerySet"]
