"""Keeping the data: backup and restore, retention, demo data and the benchmark generator."""
