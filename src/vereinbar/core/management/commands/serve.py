from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve vereinbar with gunicorn and run the background worker beside it."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default=os.environ.get("VEREINBAR_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("VEREINBAR_PORT", "8000")))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("VEREINBAR_WORKERS", "2")))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("VEREINBAR_THREADS", "4")))
        parser.add_argument("--no-worker", action="store_true", help="Do not start the background worker.")

    def handle(self, *args: Any, **options: Any) -> None:
        env = dict(os.environ, DJANGO_SETTINGS_MODULE=os.environ.get("DJANGO_SETTINGS_MODULE", "vereinbar.settings"))
        src = str(settings.BASE_DIR.parent)
        env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
        server = [
            sys.executable, "-m", "gunicorn", "vereinbar.wsgi:application",
            "--bind", f"{options['host']}:{options['port']}",
            "--workers", str(options["workers"]), "--threads", str(options["threads"]),
            "--access-logfile", "-", "--graceful-timeout", "10",
        ]  # fmt: skip
        processes = [subprocess.Popen(server, env=env)]  # noqa: S603
        if not options["no_worker"]:
            worker = [sys.executable, "-m", "django", "db_worker", "--interval", "2"]
            processes.append(subprocess.Popen(worker, env=env))  # noqa: S603
        self.stdout.write(f"Serving on http://{options['host']}:{options['port']}/ (Ctrl+C stops)")

        def stop(signum: int, frame: Any) -> None:
            for process in processes:
                if process.poll() is None:
                    process.terminate()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            while all(process.poll() is None for process in processes):
                time.sleep(0.5)
        finally:
            stop(0, None)
            for process in processes:
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
