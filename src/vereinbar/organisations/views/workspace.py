"""Organisation pages in the employer workspace and the operator area (same views, two areas)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from vereinbar.accounts import sso
from vereinbar.accounts.forms import InvitationForm, RoleForm
from vereinbar.accounts.models import Invitation, Membership
from vereinbar.activity.display import lines_for
from vereinbar.core.exports import export
from vereinbar.core.types import AuthedRequest

from .. import members as member_commands
from .. import selectors
from ..history import HistoryFilterForm, entries_filtered
from ..models import Organisation
from ..operator_home import operator_flags, operator_parts
from ..permissions import Action, has_operator_permission, has_permission
from ..workspace_home import home_parts
from .common import AREAS, form_errors_from
from .common import organisation_in_area as _organisation


@login_required
def index(request: AuthedRequest, area: str) -> HttpResponse:
    organisations = selectors.organisations_of(user=request.user, type=AREAS[area])
    if organisations.count() == 1 and not request.user.is_platform_admin:
        return redirect(f"{area}:organisation", slug=organisations.get().slug)
    context = {"organisations": organisations, "area": area, **_operator_links(request, area)}
    return render(request, f"organisations/{area}_index.html", context)


def _operator_links(request: AuthedRequest, area: str) -> dict[str, object]:
    """What the operator area's home shows beyond one organisation: what waits for the reader
    (cycles, registrations) and links to registrations, the catalogue, announcements."""
    if area != "operator":
        return {}
    # waiting, desk: registered by cycles
    context: dict[str, object] = operator_parts(request.user)
    if has_operator_permission(request.user, Action.REVIEW_REGISTRATIONS):
        registrations = list(selectors.registrations_for_review(user=request.user))
        context |= {
            "can_review_registrations": True,
            "can_view_outbox": has_operator_permission(request.user, Action.VIEW_OUTBOX),
            "pending_registrations": len(registrations),
            "waiting_registrations": registrations,
            # can_manage_news, can_edit_legal_pages: registered by news and pages
            **operator_flags(request.user),
        }
    return context


@login_required
def organisation(request: AuthedRequest, area: str, slug: str) -> HttpResponse:
    org = _organisation(request, area, slug)
    # standings: registered by cycles; awards, other_awards: by certificates
    parts = home_parts(request.user, org) if area == "workspace" else {}
    steps = selectors.first_steps(organisation=org) if area == "workspace" else []
    steps_done = sum(step.done for step in steps)
    return render(
        request,
        "organisations/dashboard.html",
        {
            "organisation": org,
            "area": area,
            "members": selectors.members_of(organisation=org),
            "history": selectors.entries_for_organisation(user=request.user, organisation=org)[:10],
            "can_manage_members": has_permission(request.user, org, Action.MANAGE_MEMBERS),
            "can_edit_profile": has_permission(request.user, org, Action.EDIT_PROFILE),
            "contacts": selectors.contacts_of(organisation=org) if area == "workspace" else [],
            **parts,
            "first_steps": steps,
            "first_steps_done": steps_done,
            "first_steps_open": steps_done < len(steps),  # the checklist goes once all is done
            "first_steps_next": next((step.key for step in steps if not step.done), ""),  # "what first?"
            **_own_waiting(request, area, org),
        },
    )


def _own_waiting(request: AuthedRequest, area: str, org: Organisation) -> dict[str, object]:
    """The operator links, with "waiting for you" narrowed to this organisation's programmes when
    the reader works for several operators (the area's home lists them all); a reader of one
    operator keeps everything, as this page is their home."""
    context = _operator_links(request, area)
    if "waiting" in context and selectors.organisations_of(user=request.user, type=AREAS[area]).count() > 1:
        waiting: Any = context["waiting"]
        context["waiting"] = waiting.of_operator(org.pk)  # cycles.selectors.WaitingList
    return context


@login_required
def members(request: AuthedRequest, area: str, slug: str) -> HttpResponse:
    org = _organisation(request, area, slug)
    can_manage = has_permission(request.user, org, Action.MANAGE_MEMBERS)
    form = InvitationForm(request.POST or None, organisation=org) if can_manage else None
    if request.method == "POST":
        if form is None:
            return render(request, "core/error.html", {"status": 403}, status=403)
        if form.is_valid():
            email = form.cleaned_data["email"]
            # a second invitation to the same address replaces the first (the service revokes it): say so
            replaces = any(
                sent.email.lower() == email.strip().lower() for sent in selectors.open_invitations_of(organisation=org)
            )
            try:
                invitation = member_commands.invitation_send(actor=request.user, organisation=org, **form.cleaned_data)
            except ValidationError as exc:
                form_errors_from(form, exc)
            else:
                if replaces:
                    messages.success(
                        request,
                        _(
                            "A new invitation has been sent to %(email)s, as %(role)s. The link in the earlier "
                            "invitation no longer works."
                        )
                        % {"email": email, "role": invitation.get_role_display()},
                    )
                else:
                    messages.success(request, _("An invitation has been sent to %(email)s.") % {"email": email})
                return redirect(f"{area}:members", slug=org.slug)
    return render(
        request,
        "organisations/members.html",
        {
            "organisation": org,
            "area": area,
            "members": selectors.members_of(organisation=org),
            "invitations": selectors.open_invitations_of(organisation=org) if can_manage else [],
            "form": form,
            "role_form": RoleForm(organisation=org) if can_manage else None,
            "can_manage_members": can_manage,
            "waiting": sso.waiting_for_role(organisation=org) if can_manage else [],
        },
    )


def _members_confirm(request: AuthedRequest, org: Organisation, area: str, asked: dict[str, Any]) -> HttpResponse:
    """The confirmation page of a change on the members page (``asked``: question, consequence,
    confirm_label, hidden fields); cancelling goes back to the members."""
    context = {
        "organisation": org,
        "area": area,
        "subnav": "organisations/_subnav.html",
        "current": "members",
        "cancel_url": reverse(f"{area}:members", args=[org.slug]),
    }
    return render(request, "core/confirm.html", context | asked)


@login_required
@require_http_methods(["GET", "POST"])
def member_change(request: AuthedRequest, area: str, slug: str, membership_id: int) -> HttpResponse:
    """POST changes the role or removes the member; GET asks before the removal."""
    org = _organisation(request, area, slug, Action.MANAGE_MEMBERS)
    membership = get_object_or_404(Membership, pk=membership_id, organisation=org)
    if request.method == "GET":
        person = membership.user.full_name or membership.user.email
        last = member_commands.is_last_manager(membership)
        return _members_confirm(
            request,
            org,
            area,
            {
                "question": _("Remove %(person)s from %(organisation)s?")
                % {"person": person, "organisation": org.name},
                "consequence": (
                    _(
                        "%(person)s is the only person who can manage the members. First give that right to "
                        "someone else (invite them or change their role), then remove %(person)s."
                    )
                    if last
                    else _("%(person)s loses access to the organisation at once. You can invite them again later.")
                )
                % {"person": person},
                # the last manager cannot go (the service refuses): no button that only leads to an error
                "confirm_label": "" if last else _("Remove the member"),
                "hidden": [("remove", "1")],
            },
        )
    try:
        if request.POST.get("remove"):
            member_commands.membership_remove(actor=request.user, membership=membership)
            messages.success(request, _("The member has been removed."))
        else:
            form = RoleForm(request.POST, organisation=org)
            if form.is_valid() and form.cleaned_data["role"] == membership.role:
                # "Change role" beside the role already held: say so instead of reporting a change
                messages.info(
                    request,
                    _("%(person)s already has the role “%(role)s”; nothing was changed.")
                    % {
                        "person": membership.user.full_name or membership.user.email,
                        "role": membership.get_role_display(),
                    },
                )
            elif form.is_valid():
                member_commands.membership_change_role(
                    actor=request.user, membership=membership, role=form.cleaned_data["role"]
                )
                messages.success(request, _("The role has been changed."))
            else:
                messages.error(request, _("Choose one of the roles offered."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(f"{area}:members", slug=org.slug)


@login_required
@require_POST
def member_grant(request: AuthedRequest, area: str, slug: str, user_id: int) -> HttpResponse:
    """Gives a role to someone who signed in with a provider serving the organisation."""
    org = _organisation(request, area, slug, Action.MANAGE_MEMBERS)
    person = get_object_or_404(sso.waiting_for_role(organisation=org), pk=user_id)
    form = RoleForm(request.POST, organisation=org)
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles offered."))
        return redirect(f"{area}:members", slug=org.slug)
    try:
        member_commands.waiting_person_grant_role(
            actor=request.user, organisation=org, user=person, role=form.cleaned_data["role"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(name)s is now a member.") % {"name": person})
    return redirect(f"{area}:members", slug=org.slug)


@login_required
@require_http_methods(["GET", "POST"])
def invitation_withdraw(request: AuthedRequest, area: str, slug: str, invitation_id: int) -> HttpResponse:
    """GET asks before withdrawing; the POST withdraws."""
    org = _organisation(request, area, slug, Action.MANAGE_MEMBERS)
    invitation = get_object_or_404(Invitation, pk=invitation_id, organisation=org)
    if request.method == "GET":
        return _members_confirm(
            request,
            org,
            area,
            {
                "question": _("Withdraw the invitation to %(email)s?") % {"email": invitation.email},
                "consequence": _(
                    "The link in the invitation mail stops working at once. You can invite %(email)s again later."
                )
                % {"email": invitation.email},
                "confirm_label": _("Withdraw the invitation"),
            },
        )
    member_commands.invitation_withdraw(actor=request.user, invitation=invitation)
    messages.success(request, _("The invitation has been withdrawn."))
    return redirect(f"{area}:members", slug=org.slug)


@login_required
def history(request: AuthedRequest, area: str, slug: str) -> HttpResponse:
    org = _organisation(request, area, slug, Action.VIEW_HISTORY)
    everything = selectors.entries_for_organisation(user=request.user, organisation=org)
    form = HistoryFilterForm(request.GET or None, entries=everything)
    entries = entries_filtered(everything, **form.query())[:500]
    context = {"organisation": org, "area": area, "entries": entries, "form": form}
    return render(request, "organisations/history.html", context | {"export_query": request.GET.urlencode()})


@login_required
def history_export(request: AuthedRequest, area: str, slug: str) -> HttpResponse:
    """What the history page finds under its filters (up to 5,000 entries), as CSV."""
    org = _organisation(request, area, slug, Action.VIEW_HISTORY)
    everything = selectors.entries_for_organisation(user=request.user, organisation=org)
    entries = entries_filtered(everything, **HistoryFilterForm(request.GET or None, entries=everything).query())
    rows = [
        [timezone.localtime(line.when).strftime("%Y-%m-%d %H:%M"), line.who, line.text, line.comment]
        for line in lines_for(entries[:5000])
    ]
    header = [_("When"), _("Who"), _("What happened"), _("Comment")]
    return export("csv", f"history-{org.slug}", _("History"), header, rows)
