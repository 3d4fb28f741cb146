"""The April 2018 requests of test_reports.py, for every report test module."""
from tests.reports.test_reports import april  # noqa: F401 (a fixture)
