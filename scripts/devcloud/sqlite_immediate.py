"""sqlite behind oslo.db, for the dev cloud (scripts/devcloud.sh).

oslo.db emits a plain (deferred) BEGIN, so two threads that each read and then write deadlock,
and SQLite fails one of them at once with "database is locked" (a 500), busy timeout or not.
Starting every transaction with BEGIN IMMEDIATE takes the write lock up front, so concurrent
requests queue on the busy timeout instead of failing. Only the transaction start differs
from oslo.db's own sqlite setup; production clouds use MySQL.

keystone_wsgi and glance_wsgi call install() before importing the service; devcloud.sh copies
this module into each service's directory in the state dir.
"""

import sqlalchemy
from oslo_db.sqlalchemy import engines


def install():
    """Makes every sqlite engine that oslo.db creates from now on use BEGIN IMMEDIATE."""
    # Replace oslo.db's own sqlite setup (a list of hooks) rather than add to it: its BEGIN
    # would run first and this one would never be emitted.
    engines._init_events.reg["sqlite"]["*"].clear()
    engines._init_events.dispatch_for("sqlite")(_sqlite_immediate_transactions)


def _sqlite_immediate_transactions(engine, sqlite_synchronous=True, sqlite_fk=False, **kw):
    @sqlalchemy.event.listens_for(engine, "connect")
    def _on_connect(dbapi_con, con_record):
        dbapi_con.isolation_level = None  # pysqlite must not emit its own BEGIN
        if not sqlite_synchronous:
            dbapi_con.execute("PRAGMA synchronous = OFF")
        if sqlite_fk:
            dbapi_con.execute("pragma foreign_keys=ON")

    @sqlalchemy.event.listens_for(engine, "begin")
    def _on_begin(conn):
        if "in_transaction" not in conn.info:
            conn.execute(sqlalchemy.text("BEGIN IMMEDIATE"))
            conn.info["in_transaction"] = True

    @sqlalchemy.event.listens_for(engine, "rollback")
    @sqlalchemy.event.listens_for(engine, "commit")
    def _on_end(conn):
        conn.info.pop("in_transaction", None)
