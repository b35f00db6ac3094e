"""The mail outbox for operators (/<lang>/operator/outbox/): notifications' outbox, shown to
operator staff with the role for it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from vereinbar.core.types import AuthedRequest
from vereinbar.notifications.models import MailStatus
from vereinbar.notifications.outbox import MAX_ATTEMPTS, outbox_mails, outbox_retry, status_counts

from ..permissions import Action, check_operator_action

OUTBOX_PAGE_SIZE = 100


@login_required
def outbox_list(request: AuthedRequest) -> HttpResponse:
    check_operator_action(request.user, Action.VIEW_OUTBOX)
    status = request.GET.get("status", "")
    if status not in MailStatus.values:
        status = ""
    q = request.GET.get("q", "").strip()[:100]
    counts = status_counts()
    page = Paginator(outbox_mails(status=status or None, q=q), OUTBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/operator_outbox.html",
        {
            "area": "operator",
            "mails": list(page.object_list),
            "page": page,
            "status": status,
            "q": q,
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
        ngettext("%(count)s mail will be sent again.", "%(count)s mails will be sent again.", count)
        % {"count": formats.number_format(count, use_l10n=True, force_grouping=True)},
    )
    return redirect(f"{reverse('operator_outbox:list')}?status={MailStatus.RETRYING}")
