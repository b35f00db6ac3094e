"""API for programmes (mounted under /api/v1/programmes/).

Reading needs membership of an operator organisation; members of employers list the
programmes they can apply for (``GET /`` and ``GET /{identifier}``, current version only).
Loading needs the operator admin role (or platform admin). A file that cannot be loaded gives
422 with every problem in
``details``: ``[{file, line, column, path, code, message}, …]``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile

from vereinbar.accounts.models import Membership, User
from vereinbar.api.errors import ApiError
from vereinbar.api.lists import PageIn, page_of, paged
from vereinbar.api.permissions import permission
from vereinbar.api.schemas import ErrorOut
from vereinbar.core.types import AuthedRequest
from vereinbar.organisations.models import OrganisationType

from . import selectors
from .definition import ProgrammeInvalid, schema
from .exporter import CONTENT_TYPES, version_export
from .permissions import can_load_programmes, can_view_programmes
from .services import LoadStatus, programme_load

router = Router(tags=["programmes"])


def may_load(request: AuthedRequest, **_: Any) -> None:
    """Permission first (vereinbar.api.permissions): loading is for whoever may load for an operator."""
    if not can_load_programmes(request.user):
        raise PermissionDenied


def may_read_programme(request: AuthedRequest, identifier: str, **_: Any) -> None:
    selectors.programme_for_user(user=request.user, identifier=identifier)


class VersionOut(Schema):
    identifier: str
    version: str
    kind: str
    title: str
    default_language: str
    languages: list[str]
    content_hash: str
    loaded_at: datetime
    directory_listed: bool
    published_items: list[str]


class VersionDetailOut(VersionOut):
    definition: dict[str, Any]


class OptionalPhaseOut(Schema):
    key: str
    title: str


class StageOut(Schema):
    key: str
    title: str
    applications_until: date | None = Field(..., description="Format 2: the last day this stage takes applications.")
    optional_phases: list[OptionalPhaseOut] = Field(
        ..., description="Format 2: phases a cycle takes only when chosen (`optional_phases` when applying)."
    )


class ProgrammeOut(Schema):
    identifier: str
    operator: str | None
    kind: str | None
    title: str
    current_version: str | None
    versions: list[str] = Field(
        ..., description="Every loaded version for the operator's people; the current one for employers."
    )
    applications_until: date | None = Field(..., description="Format 2: the last day the programme takes applications.")
    stages: list[StageOut] = Field(..., description="The stages of the current version, in order.")


class LoadOut(Schema):
    status: str
    identifier: str
    version: str
    message: str
    # What loads but is probably not meant (file, line, column, path, code, message, like a problem).
    warnings: list[dict[str, Any]] = []


def _version_out(version: Any, *, with_definition: bool = False) -> dict[str, Any]:
    data = {
        "identifier": version.programme.identifier,
        "version": version.version,
        "kind": version.kind,
        "title": version.localised("title", translation.get_language()),
        "default_language": version.default_language,
        "languages": version.languages,
        "content_hash": version.content_hash,
        "loaded_at": version.loaded_at,
        "directory_listed": version.directory_listed,
        "published_items": version.published_items,
    }
    if with_definition:
        data["definition"] = version.definition
    return data


# What ``_programme_out`` reads of each programme, read for a whole page at once.
_PAGE_PREFETCH = ("current_version__stages__phases",)


def _stages(version: Any) -> list[dict[str, Any]]:
    language = translation.get_language()
    stages = sorted(version.stages.all(), key=lambda stage: stage.order)  # prefetched for a list
    return [
        {
            "key": stage.key,
            "title": stage.localised("title", language) or stage.key,
            "applications_until": stage.applications_until,
            "optional_phases": [
                {"key": phase.key, "title": phase.localised("title", language) or phase.key}
                for phase in sorted(stage.phases.all(), key=lambda phase: phase.order)
                if phase.optional
            ],
        }
        for stage in stages
    ]


def _programme_out(programme: Any, *, offered: bool = False) -> dict[str, Any]:
    """``offered``: as an employer sees it (the current version only, no version history)."""
    current = programme.current_version
    versions = [current.version] if offered else [v.version for v in selectors.versions_sorted(programme=programme)]
    return {
        "identifier": programme.identifier,
        "operator": programme.operator.slug if programme.operator else None,
        "kind": current.kind if current else None,
        "title": current.localised("title", translation.get_language()) if current else programme.identifier,
        "current_version": current.version if current else None,
        "versions": versions,
        "applications_until": current.applications_until if current else None,
        "stages": _stages(current) if current else [],
    }


def _employer_member(user: User) -> bool:
    """A signed-in member of an employer (through Membership.objects, so within a token's scope)."""
    return Membership.objects.filter(user_id=user.pk or 0, organisation__type=OrganisationType.EMPLOYER).exists()


def may_list_programmes(request: AuthedRequest, **_: Any) -> None:
    """Permission first: the operator's people, and members of employers (what they can apply for)."""
    if not (can_view_programmes(request.user) or _employer_member(request.user)):
        raise PermissionDenied


@router.get("/schema", auth=None, summary="JSON Schema of the programme format")
def programme_schema(request: HttpRequest) -> dict[str, Any]:
    """The published JSON Schema (draft 2020-12) that every programme file follows."""
    return schema()


@router.get("/", response={200: paged(ProgrammeOut), 403: ErrorOut}, summary="Programmes and their versions")
@permission(may_list_programmes)
def programme_list(request: AuthedRequest, paging: Query[PageIn]) -> dict[str, Any]:
    """For the operator's people every loaded programme with its versions; for members of
    employers the programmes they can apply for (a current version still taking applications),
    with the current version only. By identifier, in pages."""
    offered = not can_view_programmes(request.user)
    programmes = selectors.programmes_offered() if offered else selectors.programmes_for_user(user=request.user)
    programmes = programmes.order_by("identifier").prefetch_related(*_PAGE_PREFETCH)

    def convert(rows: list[Any]) -> list[dict[str, Any]]:
        return [_programme_out(programme, offered=offered) for programme in rows]

    return page_of(request, programmes, paging, convert)


@router.post(
    "/load",
    response={200: LoadOut, 201: LoadOut, 403: ErrorOut, 422: ErrorOut},
    summary="Load a programme file",
    openapi_extra={
        "requestBody": {
            "content": {
                "multipart/form-data": {
                    "schema": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}}
                },
                "application/yaml": {"schema": {"type": "string"}},
                "application/json": {"schema": {"type": "object"}},
            }
        }
    },
)
@permission(may_load)
def programme_load_endpoint(
    request: AuthedRequest,
    operator: str | None = None,
    dry_run: bool = False,
    filename: str | None = None,
    file: UploadedFile | None = File(None),  # noqa: B008
) -> Status[dict[str, Any]]:
    """Send the file as multipart field ``file`` or as the request body (YAML or JSON).

    201: a new version was stored; 200: the same version was already loaded (nothing
    changed) or, with ``dry_run``, the file is valid; 422: every problem, nothing stored.
    """
    if file is not None:
        raw, name = file.read(), file.name or "upload.yaml"
    elif request.content_type == "multipart/form-data":
        raw, name = b"", "request body"  # a form without the file: its body is already read
    else:
        raw, name = request.body, "request body"
    name = filename or name
    if not raw:
        raise ApiError(
            422,
            "invalid_programme",
            _("Send a programme file."),
            [{"field": "file", "message": _("Send a programme file.")}],
        )
    try:
        outcome = programme_load(actor=request.user, raw=raw, filename=name, operator_slug=operator, dry_run=dry_run)
    except ProgrammeInvalid as exc:
        count = len(exc.problems)
        raise ApiError(
            422,
            "invalid_programme",
            ngettext(
                "The file has %(count)s problem; nothing was loaded.",
                "The file has %(count)s problems; nothing was loaded.",
                count,
            )
            % {"count": count},
            [problem.as_dict() for problem in exc.problems],
        ) from None
    messages = {
        LoadStatus.CREATED: _("Loaded %(label)s."),
        LoadStatus.UNCHANGED: _("%(label)s was already loaded with the same content; nothing changed."),
        LoadStatus.VALID: _("%(label)s is valid and can be loaded."),
    }
    body = {
        "status": outcome.status.value,
        "identifier": outcome.identifier,
        "version": outcome.version_label.rpartition("@")[2],
        "message": messages[outcome.status] % {"label": outcome.version_label},
        "warnings": [warning.as_dict() for warning in outcome.warnings],
    }
    return Status(201 if outcome.status == LoadStatus.CREATED else 200, body)


@router.get("/{identifier}", response={200: ProgrammeOut, 403: ErrorOut, 404: ErrorOut}, summary="One programme")
def programme_detail(request: AuthedRequest, identifier: str) -> dict[str, Any]:
    """Members of employers see a programme they can apply for (as in the list), nothing else."""
    if not can_view_programmes(request.user) and _employer_member(request.user):
        programme = selectors.programmes_offered().filter(identifier=identifier).first()
        if programme is None:
            raise Http404
        return _programme_out(programme, offered=True)
    return _programme_out(selectors.programme_for_user(user=request.user, identifier=identifier))


@router.get(
    "/{identifier}/versions",
    response={200: list[VersionOut], 403: ErrorOut, 404: ErrorOut},
    summary="Versions of a programme, newest first",
)
def programme_versions(request: AuthedRequest, identifier: str) -> list[dict[str, Any]]:
    programme = selectors.programme_for_user(user=request.user, identifier=identifier)
    versions = selectors.versions_sorted(programme=programme)
    full = {v.pk: v for v in programme.versions.select_related("programme")}
    return [_version_out(full[version.pk]) for version in versions]


@router.get(
    "/{identifier}/versions/{version}",
    response={200: VersionDetailOut, 403: ErrorOut, 404: ErrorOut},
    summary="One version with its canonical definition",
)
def programme_version(request: AuthedRequest, identifier: str, version: str) -> dict[str, Any]:
    found = selectors.version_for_user(user=request.user, identifier=identifier, version=version)
    return _version_out(found, with_definition=True)


@router.get(
    "/{identifier}/export",
    response={200: None, 403: ErrorOut, 404: ErrorOut},
    summary="Export a version as YAML or JSON (canonical form)",
)
@permission(may_read_programme)
def programme_export(
    request: AuthedRequest, identifier: str, version: str | None = None, format: Literal["yaml", "json"] = "yaml"
) -> HttpResponse:
    """Without ``version`` the current version. The export loads back to an identical definition."""
    if format not in CONTENT_TYPES:
        raise ApiError(422, "invalid_input", _("The format must be yaml or json."))
    found = selectors.version_for_user(user=request.user, identifier=identifier, version=version)
    exported = version_export(found, format)
    response = HttpResponse(exported.body, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
    return response
