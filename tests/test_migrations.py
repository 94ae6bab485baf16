"""The migrations, guarded by pytest-alembic's built-in tests on SQLite and PostgreSQL.

Single head, upgrade from nothing, models (store/schema.py) equal to the DDL the migrations make, and every
downgrade undone. The migrations' env.py runs on a live Connection, so that is what `alembic_engine` gives.
"""

from collections.abc import Iterator

import pytest
from pytest_alembic.tests import (  # noqa: F401 - collected here, on both backends
    test_model_definitions_match_ddl,
    test_single_head_revision,
    test_up_down_consistency,
    test_upgrade,
)
from sqlalchemy import Connection, inspect
from store_helpers import run_sql

from store import Ledger, SchemaTooNew
from store.engine import make_engine
from store.indexes import metadata
from store.migrate import alembic_config as store_alembic_config
from store.migrate import current_revision
from store.recorder import recorder_for
from store.schema import SCHEMA_HEAD
from store.search import TABLE as SEARCH_TABLE


@pytest.fixture
def alembic_config():
    return store_alembic_config()


@pytest.fixture
def alembic_engine(store_url) -> Iterator[Connection]:
    engine = make_engine(store_url)
    with engine.connect() as conn:
        yield conn
    engine.dispose()


def test_schema_head_is_the_newest_migration(alembic_runner):
    assert alembic_runner.heads == [SCHEMA_HEAD]


def test_first_use_creates_the_schema_at_head(store_url):
    ledger = Ledger(store_url)
    try:
        assert current_revision(ledger.engine) == SCHEMA_HEAD
        with ledger.engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
        index = recorder_for(ledger.dialect).search_tables(SEARCH_TABLE)
        assert tables == set(metadata.tables) | {"alembic_version"} | index
    finally:
        ledger.close()
    Ledger(store_url).close()  # opening again changes nothing


def _where(clause) -> str | None:
    return None if clause is None else str(clause).strip("()").lower()


def test_indexes_match_the_models_including_partial_ones(ledger):
    """Alembic's comparison ignores an index's WHERE clause; the current-version indexes depend on it."""
    where = f"{ledger.dialect}_where"
    expected = {
        index.name: (tuple(c.name for c in index.columns), bool(index.unique), _where(index.dialect_kwargs.get(where)))
        for table in metadata.tables.values() for index in table.indexes
    }
    with ledger.engine.connect() as conn:
        found = {
            index["name"]: (tuple(index["column_names"]), bool(index["unique"]),
                            _where(index["dialect_options"].get(where)))
            for table in metadata.tables for index in inspect(conn).get_indexes(table)
            if not index.get("duplicates_constraint")  # PostgreSQL's index behind UNIQUE (id)
        }
    assert found == expected
    assert expected["ix_version_current_order"][2] == "seq_to is null"


def test_a_store_from_newer_code_is_refused(store_url):
    Ledger(store_url).close()
    run_sql(store_url, "UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(SchemaTooNew, match=f"^the store's schema is at revision 9999, newer than this stancelog "
                                           rf"knows \({SCHEMA_HEAD}\); upgrade stancelog to use it$"):
        Ledger(store_url)
