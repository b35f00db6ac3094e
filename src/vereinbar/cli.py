"""The ``vereinbar`` console command: Django's management commands under one name.

``vereinbar serve``, ``vereinbar worker``, ``vereinbar demo``, ``vereinbar migrate``… are
``manage.py`` commands; ``vereinbar help`` lists them all.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vereinbar.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
