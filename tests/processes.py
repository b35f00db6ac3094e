"""Server processes of their own for tests: several processes with the installation's settings
(not the test settings) sharing one database, as the web server's workers do."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from urllib.parse import quote

from django.db import connection

_SETUP = textwrap.dedent(
    """
    import django
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from vereinbar.core.models import LimitCount

    if LimitCount._meta.db_table not in connection.introspection.table_names():
        with connection.schema_editor() as editor:
            editor.create_model(LimitCount)
    call_command("createcachetable", verbosity=0)
    """
)


def shared_database_env(tmp_path: Path) -> dict[str, str]:
    """The environment for processes that share the test's database engine: on PostgreSQL the
    test database itself (the test must use ``transactional_db``, so that their rows are visible
    and flushed afterwards), on SQLite a file in ``tmp_path``. The tables they use (the limits'
    counts, the default DatabaseCache) are made before this returns; no Redis, whatever the
    environment says."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "vereinbar.settings",
        "VEREINBAR_DATA_DIR": str(tmp_path),
        "VEREINBAR_SECRET_KEY": "shared-secret-of-both-processes-0123456789abcdef",
        "PYTHONPATH": os.pathsep.join([str(Path(__file__).resolve().parents[1] / "src"), *sys.path]),
    }
    for name in ("VEREINBAR_CACHE", "VEREINBAR_RATELIMIT_CACHE", "DATABASE_URL", "PGDATABASE"):
        env.pop(name, None)
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        credentials = quote(db["USER"] or "") + (":" + quote(db["PASSWORD"]) if db.get("PASSWORD") else "")
        env["DATABASE_URL"] = f"postgres://{credentials}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"
    subprocess.run([sys.executable, "-c", _SETUP], env=env, check=True, timeout=120)
    return env
