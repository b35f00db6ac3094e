from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means "not ready"
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/error.html", {"status": 404, "theme_operator": None}, status=404)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/error.html", {"status": 403, "theme_operator": None}, status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form refused by the CSRF check (open too long, sent from another tab after signing in,
    cookies blocked): what to do next in the page's language, not Django's technical page."""
    return render(request, "core/error.html", {"status": 403, "csrf": True, "theme_operator": None}, status=403)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "core/error.html", {"status": 500, "theme_operator": None}, status=500)


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switcher, resolving ``next`` in the language of its own prefix.

    ``set_language`` itself is not prefixed, so the active language comes from the cookie
    or the browser; a ``next`` of ``/de/…`` would not resolve while English is active, and
    the switch would silently stay on the German page.
    """
    from django.utils import translation
    from django.utils.translation import get_language_from_path
    from django.views.i18n import set_language as django_set_language

    next_url = request.POST.get("next", request.GET.get("next", ""))
    with translation.override(get_language_from_path(next_url) or translation.get_language()):
        return django_set_language(request)


_migrations_done: set[str] = set()  # database aliases whose migrations were found complete


def _migrations_pending() -> list[str]:
    """Migrations not yet applied to the default database (checked until none is missing)."""
    if "default" in _migrations_done:
        return []
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    pending = [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]
    if not pending:
        _migrations_done.add("default")
    return pending


@never_cache
def ready(request: HttpRequest) -> JsonResponse:
    """For orchestrators and upgrades: 200 only when the database answers and every migration
    of this code is applied; 503 otherwise. Also reports the age of the oldest background task
    waiting to run (information: the worker keeps no heartbeat; a growing age means it is down)."""
    from datetime import timedelta

    from django.utils import timezone

    body: dict[str, object] = {"status": "ok", "database": "up"}
    try:
        pending = _migrations_pending()
    except Exception:  # noqa: BLE001 - any database failure means "not ready"
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    body["migrations"] = "pending" if pending else "applied"
    if pending:
        body["status"] = "unavailable"
        body["pending_migrations"] = pending[:20]
        return JsonResponse(body, status=503)
    try:
        from django_tasks_db.models import DBTaskResult

        oldest = (
            DBTaskResult.objects.filter(status="READY", run_after__lte=timezone.now())
            .order_by("run_after")
            .values_list("run_after", flat=True)
            .first()
        )
        waiting = (timezone.now() - oldest) if oldest else timedelta(0)
        body["tasks_waiting_seconds"] = int(waiting.total_seconds())
    except Exception:  # noqa: BLE001 - the task table is information, not a condition
        body["tasks_waiting_seconds"] = None
    return JsonResponse(body)
