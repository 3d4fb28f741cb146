"""What belongs to our schema, shared by migrations/env.py and the schema-drift test."""

#: Tables that live in the database but are not ours to migrate.
FOREIGN_TABLES = frozenset({"apscheduler_jobs", "alembic_version"})


#: The search's engine-specific structures (SQLite's FTS5 tables, PostgreSQL's GIN indexes):
#: made by tracker.search, not described by the models.
ENGINE_SPECIFIC_PREFIX = "fts_"


def include_name(name, type_, parent_names) -> bool:
    if name and name.startswith(ENGINE_SPECIFIC_PREFIX):
        return False
    if type_ == "table":
        return name not in FOREIGN_TABLES
    return True
