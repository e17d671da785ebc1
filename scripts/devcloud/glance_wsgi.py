"""Glance's WSGI entry point under gunicorn, for the dev cloud (scripts/devcloud.sh)."""

import sqlite_immediate

sqlite_immediate.install()

from glance.wsgi.api import application  # noqa: E402

__all__ = ["application"]
