"""Keystone's WSGI entry point under gunicorn, for the dev cloud (scripts/devcloud.sh)."""

import sys

import sqlite_immediate

# oslo.config in keystone parses sys.argv; under gunicorn that is gunicorn's command line,
# which keystone rejects and exits. Hide it before keystone is imported.
sys.argv = sys.argv[:1]
sqlite_immediate.install()

from keystone.wsgi.api import application  # noqa: E402

__all__ = ["application"]
