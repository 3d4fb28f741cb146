"""What belongs to our schema, shared by migrations/env.py and the schema-drift test."""

#: Tables that live in the database but are not ours to migrate.
FOREIGN_TABLES = frozenset({"apscheduler_jobs", "alembic_version"})


def include_name(name, type_, parent_names) -> bool:
    if type_ == "table":
        return name not in FOREIGN_TABLES
    return True
