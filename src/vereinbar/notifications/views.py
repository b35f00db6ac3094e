"""Each user's inbox of in-app notifications. The operator's page of the mail outbox is
``organisations.views.outbox`` (it asks the operator's roles)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from vereinbar.core.types import AuthedRequest

from .models import Notification
from .services import notifications_mark_read


@login_required
def inbox(request: AuthedRequest) -> HttpResponse:
    notifications = Notification.objects.filter(user=request.user)[:200]
    return render(
        request,
        "notifications/inbox.html",
        {"notifications": notifications, "unread": sum(1 for n in notifications if not n.is_read)},
    )


@login_required
@require_POST
def mark_read(request: AuthedRequest) -> HttpResponse:
    ids = [int(pk) for pk in request.POST.getlist("id") if pk.isdigit()] or None
    notifications_mark_read(user=request.user, ids=ids)
    return redirect("notifications:inbox")
