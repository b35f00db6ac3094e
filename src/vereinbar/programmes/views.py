"""Operator pages: programmes and versions, one version's content, upload, comparison, export.
A programme's pages are under its short key (``keys.programme_keys``), see ``programme_page``."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from vereinbar.core.types import AuthedRequest

from . import selectors
from .definition import Problem, ProgrammeInvalid
from .definition.diff import definition_diff, value_text
from .definition.warnings_check import WarningGroup, grouped_warnings
from .display import change_place, definition_outline
from .exporter import CONTENT_TYPES, version_export
from .forms import ProgrammeConfirmForm, ProgrammeUploadForm
from .keys import programme_from_param, programme_keys
from .models import Programme, version_sort_key
from .permissions import can_load_programmes, check_view_programmes
from .services import LoadOutcome, LoadStatus, programme_load


def _language() -> str:
    return (translation.get_language() or "de")[:2]


def warning_text(warning: Problem | WarningGroup) -> str:
    """One warning about a loaded or checked file, as a message: where, then what (the lines of
    all its places, for the warnings of one kind said once)."""
    places = getattr(warning, "places", [])
    lines = [str(place.line) for place in places if place.line]
    if len(lines) > 1:
        return _("Warning about lines %(lines)s: %(message)s") % {"lines": ", ".join(lines), "message": warning.message}
    if warning.line:  # the line is enough to find it (a field path would not wrap on a phone)
        return _("Warning about line %(line)s: %(message)s") % {"line": warning.line, "message": warning.message}
    return _("Warning about %(field)s: %(message)s") % {"field": warning.path, "message": warning.message}


def _moved(request: AuthedRequest, name: str, **kwargs: str) -> HttpResponse:
    """A permanent redirect to the page ``name`` with the request's query string kept."""
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(reverse(name, kwargs=kwargs) + (f"?{query}" if query else ""))


def programme_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A programme's page under its key: ``view`` gets the programme's ``identifier`` and ``key``.
    The reader's right to see programmes is checked first, so an outsider learns nothing from a
    redirect; an address from before keys (the whole identifier, or ``identifier@version`` for
    a version) moves permanently to the same page under the key; a key of no programme is 404."""

    @wraps(view)
    def page(request: AuthedRequest, programme_key: str, **kwargs: str) -> HttpResponse:
        check_view_programmes(request.user)
        named, at_version = selectors.reference_split(programme_key)
        identifier, key = programme_from_param(named)
        if not identifier:
            raise Http404
        if at_version is not None:
            if kwargs or request.resolver_match is None or request.resolver_match.view_name != "programmes:detail":
                raise Http404  # "…@2026.1/compare/" was never an address
            return _moved(request, "programmes:version", programme_key=key, version=at_version)
        if key != programme_key and request.resolver_match is not None:
            return _moved(request, request.resolver_match.view_name, **{**kwargs, "programme_key": key})
        return view(request, identifier=identifier, key=key, **kwargs)

    return page


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    programmes = selectors.programmes_for_user(user=request.user)
    running = selectors.running_cycles_by_version_id()
    keys = programme_keys()
    rows = [
        {
            "programme": programme,
            "key": keys.get(programme.identifier, programme.identifier),
            "versions": [
                {"version": version, "running": running.get(version.pk, 0)}
                for version in selectors.versions_sorted(programme=programme)
            ],
        }
        for programme in programmes
    ]
    return render(
        request,
        "programmes/index.html",
        {"rows": rows, "can_upload": can_load_programmes(request.user)},
    )


def _load_messages(request: AuthedRequest, outcome: LoadOutcome) -> None:
    label = _version_label(outcome)
    texts = {
        LoadStatus.CREATED: _("Loaded %(label)s."),
        LoadStatus.UNCHANGED: _("%(label)s was already loaded with the same content; nothing changed."),
        LoadStatus.VALID: _("%(label)s is valid and can be loaded."),
    }
    messages.success(request, texts[outcome.status] % {"label": label})
    for warning in grouped_warnings(outcome.warnings):
        messages.warning(request, warning_text(warning))


def _version_label(outcome: LoadOutcome) -> str:
    """The programme's title in the reader's language and the version, not its technical identifier."""
    definition = outcome.definition or (outcome.version.definition if outcome.version is not None else None)
    if definition is None:
        return outcome.version_label
    title = definition_outline(definition, _language())["title"]
    return _("%(title)s, version %(version)s") % {"title": title, "version": definition["version"]}


def _after_load(request: AuthedRequest, outcome: LoadOutcome) -> HttpResponse:
    _load_messages(request, outcome)
    if outcome.version is not None:
        key = programme_keys().get(outcome.identifier, outcome.identifier)
        return redirect("programmes:version", programme_key=key, version=outcome.version.version)
    return redirect("programmes:upload")


def _confirmation(
    request: AuthedRequest, outcome: LoadOutcome, raw: bytes, filename: str, operator: str, *, checked_only: bool
) -> HttpResponse | None:
    """A new version of a programme that is already loaded is loaded only once the operator has seen
    what changes against the current version and which cycles run on it; a file that was only
    checked can be loaded from its result without choosing it again (None: nothing to confirm)."""
    definition = outcome.definition
    if definition is None:
        return None
    programme = Programme.objects.filter(identifier=outcome.identifier).select_related("current_version").first()
    current = programme.current_version if programme is not None else None
    if current is None and not checked_only:
        return None  # the first version of a programme: nothing is in use yet
    language = _language()
    changes = []
    if current is not None:
        changes = [
            {
                "where": change_place(change.path),
                "kind": change.kind,
                "before": value_text(change.before, language, current.default_language),
                "after": value_text(change.after, language, definition["default_language"]),
            }
            for change in definition_diff(current.definition, definition)
        ]
    confirm = ProgrammeConfirmForm(
        initial={"source": base64.b64encode(raw).decode("ascii"), "filename": filename, "operator": operator},
        user=request.user,
    )
    return render(
        request,
        "programmes/upload_confirm.html",
        {
            "programme": programme,
            "current": current,
            "checked_only": checked_only,
            "new_version": definition["version"],
            "title": definition_outline(definition, language)["title"],
            "becomes_current": current is None
            or version_sort_key(definition["version"]) > version_sort_key(current.version),
            "running": selectors.running_cycles_by_version(programme=programme) if programme is not None else {},
            "changes": changes,
            "warnings": grouped_warnings(outcome.warnings),
            "confirm": confirm,
        },
    )


def _upload_confirmed(request: AuthedRequest) -> HttpResponse:
    form = ProgrammeConfirmForm(request.POST, user=request.user)
    try:
        raw = base64.b64decode(form.cleaned_data["source"], validate=True) if form.is_valid() else b""
    except binascii.Error:
        raw = b""
    if not raw:
        messages.error(request, _("The file did not arrive completely. Please choose it again."))
        return redirect("programmes:upload")
    operator = form.cleaned_data["operator"]
    try:
        outcome = programme_load(
            actor=request.user,
            raw=raw,
            filename=form.cleaned_data["filename"],
            operator_slug=operator.slug if operator else None,
        )
    except ProgrammeInvalid as exc:  # something changed since the check (another version was loaded)
        upload_form = ProgrammeUploadForm(user=request.user)
        context = {"form": upload_form, "problems": exc.problems, "warnings": grouped_warnings(exc.warnings)}
        return render(request, "programmes/upload.html", context)
    return _after_load(request, outcome)


@login_required
def upload(request: AuthedRequest) -> HttpResponse:
    check_view_programmes(request.user)
    if not can_load_programmes(request.user):
        return render(request, "core/error.html", {"status": 403}, status=403)
    if request.method == "POST" and "source" in request.POST:
        return _upload_confirmed(request)
    form = ProgrammeUploadForm(request.POST or None, request.FILES or None, user=request.user)
    problems: list[Problem] = []
    warnings: list[WarningGroup] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        operator = form.cleaned_data["operator"]
        raw = upload.read()
        check_only = form.cleaned_data["check_only"]
        try:
            # Checked first, always: a new version of a loaded programme waits for the operator's yes.
            outcome = programme_load(
                actor=request.user,
                raw=raw,
                filename=upload.name,
                operator_slug=operator.slug if operator else None,
                dry_run=True,
            )
            if outcome.status == LoadStatus.VALID:
                confirmation = _confirmation(
                    request, outcome, raw, upload.name, operator.slug if operator else "", checked_only=check_only
                )
                if confirmation is not None:
                    return confirmation
                outcome = programme_load(
                    actor=request.user,
                    raw=raw,
                    filename=upload.name,
                    operator_slug=operator.slug if operator else None,
                )
        except ProgrammeInvalid as exc:
            problems, warnings = exc.problems, grouped_warnings(exc.warnings)
        else:
            return _after_load(request, outcome)
    return render(request, "programmes/upload.html", {"form": form, "problems": problems, "warnings": warnings})


@login_required
@programme_page
def detail(request: AuthedRequest, identifier: str, key: str, version: str | None = None) -> HttpResponse:
    current = selectors.version_for_user(user=request.user, identifier=identifier, version=version)
    programme = current.programme
    versions = selectors.versions_sorted(programme=programme)
    running = selectors.running_cycles_by_version(programme=programme)
    return render(
        request,
        "programmes/detail.html",
        {
            "programme": programme,
            "key": key,
            "version": current,
            "versions": versions,
            "version_rows": [{"version": other, "running": running.get(other.version, 0)} for other in versions],
            "outline": definition_outline(current.definition, _language()),
            "can_upload": can_load_programmes(request.user),
        },
    )


@login_required
@programme_page
def compare(request: AuthedRequest, identifier: str, key: str) -> HttpResponse:
    programme = selectors.programme_for_user(user=request.user, identifier=identifier)
    versions = selectors.versions_sorted(programme=programme)
    by_name = {v.version: v for v in versions}
    default_new = versions[0].version if versions else ""
    default_old = versions[1].version if len(versions) > 1 else default_new
    old_name = request.GET.get("from", default_old)
    new_name = request.GET.get("to", default_new)
    if old_name not in by_name or new_name not in by_name:
        raise Http404
    old, new = by_name[old_name], by_name[new_name]
    old_full = selectors.version_for_user(user=request.user, identifier=identifier, version=old.version)
    new_full = selectors.version_for_user(user=request.user, identifier=identifier, version=new.version)
    language = _language()
    default = new_full.default_language
    changes = [
        {
            "where": change_place(change.path),
            "kind": change.kind,
            "before": value_text(change.before, language, default),
            "after": value_text(change.after, language, default),
        }
        for change in definition_diff(old_full.definition, new_full.definition)
    ]
    return render(
        request,
        "programmes/compare.html",
        {
            "programme": programme,
            "key": key,
            "versions": versions,
            "old": old_full,
            "new": new_full,
            "changes": changes,
            "can_upload": can_load_programmes(request.user),
        },
    )


@login_required
@programme_page
def export(request: AuthedRequest, identifier: str, key: str, version: str, fmt: str) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404
    current = selectors.version_for_user(user=request.user, identifier=identifier, version=version)
    exported = version_export(current, fmt)
    response = HttpResponse(exported.body, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
    return response
