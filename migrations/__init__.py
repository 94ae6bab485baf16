"""Alembic migrations of the store's schema, shipped inside the package and run from code by `store.migrate`."""
