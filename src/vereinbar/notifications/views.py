"""Each user's inbox of in-app notifications, and the mail outbox for operators."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from vereinbar.core.types import AuthedRequest
from vereinbar.organisations.permissions import Action, check_operator_action

from .models import MailStatus, Notification
from .outbox import MAX_ATTEMPTS, outbox_recent, outbox_retry, status_counts
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


@login_required
def outbox_list(request: AuthedRequest) -> HttpResponse:
    check_operator_action(request.user, Action.VIEW_OUTBOX)
    status = request.GET.get("status", "")
    if status not in MailStatus.values:
        status = ""
    counts = status_counts()
    return render(
        request,
        "notifications/operator_outbox.html",
        {
            "area": "operator",
            "mails": outbox_recent(status=status or None),
            "status": status,
            "statuses": [(value, label, counts.get(value, 0)) for value, label in MailStatus.choices],
            "total": sum(counts.values()),
            "max_attempts": MAX_ATTEMPTS,
        },
    )


@login_required
@require_POST
def outbox_retry_view(request: AuthedRequest) -> HttpResponse:
    check_operator_action(request.user, Action.VIEW_OUTBOX)
    pks = None if "all" in request.POST else [int(pk) for pk in request.POST.getlist("id") if pk.isdigit()]
    count = outbox_retry(actor=request.user, pks=pks)
    messages.success(
        request,
        ngettext("%(count)s mail will be sent again.", "%(count)s mails will be sent again.", count) % {"count": count},
    )
    return redirect(f"{reverse('operator_outbox:list')}?status={MailStatus.RETRYING}")
