"""Who may pass which door: every URL pattern of the site (from the resolver, so a new page
is covered the moment it exists) × every persona, against a declared expectation.

A pattern without a declaration fails the suite: nobody can add a door without saying who
may pass. Each declaration is one letter per persona, in the order of ``PERSONAS``:

    o  allowed: 2xx, or a redirect that is not to the login page
    l  redirected to the login page (anonymous visitors)
    n  404: the object's existence is not revealed
    f  403: visible, but not for this role
    m  405: the door takes POST only (the GET tells nothing; see POST_ONLY)

The employee holds a survey token and is anonymous otherwise. Unauthorised POSTs (every
persona refused on GET, and those marked ``d`` for POST-only doors) must be refused too and
change nothing in the database.
"""

from __future__ import annotations

import hashlib

import pytest
from django.apps import apps
from django.core.cache import cache

from .doors import fill, page_doors
from .world import PERSONAS

pytestmark = pytest.mark.django_db

#                                         anonymous, employee, viewer, contributor, coordinator, auditor,
#                                         other_auditor, operator_admin, board_member, outsider, platform_admin
EXPECTED: dict[str, str] = {
    # Public pages and machine endpoints
    "health/": "ooooooooooo",
    "health/ready/": "*",  # readiness: 200 or 503 depending on the worker, never a secret
    "i18n/setlang/": "ooooooooooo",
    "": "ooooooooooo",
    "programmes/<str:programme_slug>/": "nnnnnnnnnnn",  # directory: programme not listed publicly
    "employers/<slug:slug>/": "nnnnnnnnnnn",  # directory: the employer has not opted in
    "employers/<slug:slug>/photos/<int:pk>/": "nnnnnnnnnnn",
    "directory.csv": "ooooooooooo",
    "directory.json": "ooooooooooo",
    "accounts/login/": "ooooooooooo",
    "accounts/logout/": "mmmmmmmmmmm",
    "accounts/": "llooooooooo",
    "accounts/password/": "llooooooooo",
    "accounts/password/done/": "llooooooooo",
    "accounts/password/reset/": "ooooooooooo",
    "accounts/password/reset/sent/": "ooooooooooo",
    "accounts/password/reset/<uidb64>/<token>/": "ooooooooooo",
    "accounts/password/reset/complete/": "ooooooooooo",
    "accounts/tokens/": "llooooooooo",
    "accounts/privacy/": "llooooooooo",  # one's own data: export, deletion (POST, with the password)
    "accounts/privacy/export/": "llooooooooo",
    "accounts/tokens/<int:token_id>/revoke/": "llnnonnnnnn",  # GET asks before revoking
    "accounts/invitation/<str:secret>/": "nnnnnnnnnnn",  # a wrong secret
    "accounts/email/confirmation/send/": "llmmmmmmmmm",  # one's own confirmation link again
    "accounts/email/change/": "llmmmmmmmmm",  # one's own new address (with the password)
    "accounts/email/change/send/": "llmmmmmmmmm",
    "accounts/email/change/cancel/": "llmmmmmmmmm",
    "accounts/confirm-email/<str:key>/": "ooooooooooo",  # a wrong key: "expired or used", never a secret
    # Single sign-on and second factors (django-allauth; docs/authentication.md)
    "sso/<str:provider_id>/login/": "nnnnnnnnnnn",  # an identity provider that is not configured
    "sso/<str:provider_id>/login/callback/": "nnnnnnnnnnn",
    "accounts/reauthenticate/": "llooooooooo",
    "accounts/sso/cancelled/": "ooooooooooo",
    "accounts/sso/error/": "*",  # allauth's "sign-in failed" page, 401 for everyone, never a secret
    "accounts/sso/signup/": "lllllllllll",  # without a pending provider sign-in: back to the login page
    "accounts/2fa/": "llooooooooo",
    "accounts/2fa/authenticate/": "llooooooooo",  # without a sign-in waiting for its second factor: away
    "accounts/2fa/reauthenticate/": "llooooooooo",
    "accounts/2fa/totp/activate/": "llooooooooo",
    "accounts/2fa/totp/deactivate/": "llnnnnnnnnn",  # nobody in the world has an authenticator app
    "accounts/2fa/recovery-codes/": "llnnnnnnnnn",
    "accounts/2fa/recovery-codes/generate/": "llooooooooo",
    "accounts/2fa/recovery-codes/download/": "llnnnnnnnnn",
    "accounts/2fa/webauthn/": "llooooooooo",
    "accounts/2fa/webauthn/add/": "llooooooooo",
    "accounts/2fa/webauthn/reauthenticate/": "llooooooooo",
    # a key, looked up among one's own after re-authentication (these sessions have not signed in by password)
    "accounts/2fa/webauthn/keys/<int:pk>/remove/": "llooooooooo",
    "accounts/2fa/webauthn/keys/<int:pk>/edit/": "llooooooooo",
    "register/": "ooooooooooo",
    "verify/": "ooooooooooo",
    "verify/<str:code>/": "ooooooooooo",
    "verify/<str:code>/seal.svg": "ooooooooooo",
    "verify/credential/": "ooooooooooo",
    # The world's programme publishes no ranking list: 404 for everyone (tests/surveys/test_ranking.py)
    "rankings/<slug:programme_slug>/": "nnnnnnnnnnn",
    "rankings/<slug:programme_slug>/ranking.csv": "nnnnnnnnnnn",
    "rankings/<slug:programme_slug>/ranking.json": "nnnnnnnnnnn",
    # Outside the language prefix, public to all: did:web documents, status lists, credentials by
    # verification code (tests/credentials)
    ".well-known/did.json": "*",
    "operators/<slug:slug>/did.json": "*",
    "operators/<slug:slug>/status/<int:number>": "*",
    "credentials/status/<int:number>": "*",
    "credentials/<str:code>.json": "*",
    "credentials/<str:code>.svg": "*",
    "news/": "ooooooooooo",
    "favicon.ico": "*",  # outside the language prefix, a redirect to the static icon (tests/pages)
    "operators/<slug:slug>/logo": "nnnnnnnnnnn",  # an operator's logo is public; employers' are not served here
    "operators/<slug:slug>/theme.css": "nnnnnnnnnnn",  # an operator's colour is public; without one, 404
    "imprint/": "ooooooooooo",
    "privacy/": "ooooooooooo",
    "accessibility/": "ooooooooooo",
    "news/feed/": "ooooooooooo",
    "news/<int:pk>/": "nnnnnnnnnnn",  # no such item
    "news/programmes/<str:programme_slug>/": "ooooooooooo",
    "news/programmes/<str:programme_slug>/feed/": "ooooooooooo",
    "notifications/": "llooooooooo",
    "notifications/read/": "llmmmmmmmmm",
    "s/": "ooooooooooo",
    "s/thanks/": "ooooooooooo",
    "s/<str:token>/": "ooooooooooo",  # the token is the key, whoever holds it
    # Employer workspace: members by role; operator staff and other employers see nothing
    "workspace/": "llooooooooo",
    "workspace/recent/": "llooooooooo",  # one's own actions, in what one can still see
    "workspace/<slug:slug>/": "llooonnnnno",
    "workspace/<slug:slug>/profile/": "llffonnnnno",
    "workspace/<slug:slug>/logo/": "llnnnnnnnnn",  # no logo uploaded
    "workspace/<slug:slug>/registration/resubmit/": "llmmmmmmmmm",
    "workspace/<slug:slug>/units/": "llooonnnnno",
    "workspace/<slug:slug>/units/<int:unit_id>/": "llffonnnnno",
    "workspace/<slug:slug>/units/<int:unit_id>/delete/": "llffonnnnno",  # GET asks before deleting
    "workspace/<slug:slug>/contacts/": "llooonnnnno",
    "workspace/<slug:slug>/contacts/add/": "llffonnnnno",
    "workspace/<slug:slug>/contacts/<int:contact_id>/": "llffonnnnno",
    "workspace/<slug:slug>/contacts/<int:contact_id>/delete/": "llffonnnnno",  # GET asks first
    "workspace/<slug:slug>/measures/": "llooonnnnno",
    "workspace/<slug:slug>/measures/export.csv": "llooonnnnno",
    "workspace/<slug:slug>/measures/export.xlsx": "llooonnnnno",
    "workspace/<slug:slug>/measures/add/": "llfoonnnnno",
    "workspace/<slug:slug>/measures/<int:measure_id>/": "llooonnnnno",
    "workspace/<slug:slug>/measures/<int:measure_id>/status/": "llmmmmmmmmm",
    "workspace/<slug:slug>/measures/<int:measure_id>/delete/": "llfoonnnnno",  # GET asks first
    "workspace/<slug:slug>/members/": "llooonnnnno",
    "workspace/<slug:slug>/webhooks/": "llffonnnnno",
    "workspace/<slug:slug>/webhooks/<int:endpoint_id>/": "llffonnnnno",
    "workspace/<slug:slug>/webhooks/<int:endpoint_id>/secret/": "llmmmmmmmmm",
    "workspace/<slug:slug>/webhooks/<int:endpoint_id>/delete/": "llmmmmmmmmm",
    "workspace/<slug:slug>/webhooks/<int:endpoint_id>/deliveries/<int:delivery_id>/redeliver/": "llmmmmmmmmm",
    "workspace/<slug:slug>/members/<int:membership_id>/": "llffonnnnno",  # GET asks before removing
    "workspace/<slug:slug>/members/waiting/<int:user_id>/": "llmmmmmmmmm",
    "workspace/<slug:slug>/invitations/<int:invitation_id>/withdraw/": "llffonnnnno",  # GET asks first
    "workspace/<slug:slug>/history/": "llooonnnnno",
    "workspace/<slug:slug>/history/export.csv": "llooonnnnno",
    "workspace/<slug:slug>/practice-report/": "llooonnnnno",
    "workspace/<slug:slug>/practice-report/photos/<int:pk>/": "llnnnnnnnnn",  # no such photo
    "workspace/<slug:slug>/awards/": "llooonnnnno",
    "workspace/<slug:slug>/offers/": "llooonnnnno",  # the offers page for members
    "workspace/<slug:slug>/offers/link/": "llffonnnnno",  # renewing its rotating link; GET asks first
    "offers/<str:token>/": "nnnnnnnnnnn",  # a wrong token (the survey's)
    "workspace/<slug:slug>/awards/<str:number>/": "llooonnnnno",
    # Surveys: coordinator and contributor read, the coordinator manages; raw data needs a grant
    "workspace/<slug:slug>/surveys/": "llooonnnnno",
    "workspace/<slug:slug>/surveys/new/": "llffonnnnno",
    "workspace/<slug:slug>/surveys/rankings/": "llooonnnnno",
    "workspace/<slug:slug>/surveys/rankings/<int:programme_id>/": "llmmmmmmmmm",
    "workspace/<slug:slug>/surveys/<int:survey_id>/": "llfoonnnnno",
    "workspace/<slug:slug>/surveys/<int:survey_id>/settings/": "llffonnnnno",
    "workspace/<slug:slug>/surveys/<int:survey_id>/mail-progress/": "llffonnnnno",  # who manages the survey
    "workspace/<slug:slug>/surveys/<int:survey_id>/open/": "llmmmmmmmmm",
    "workspace/<slug:slug>/surveys/<int:survey_id>/close/": "llmmmmmmmmm",
    "workspace/<slug:slug>/surveys/<int:survey_id>/invitations/": "llmmmmmmmmm",
    "workspace/<slug:slug>/surveys/<int:survey_id>/reminders/": "llffonnnnno",  # the confirmation page
    "workspace/<slug:slug>/surveys/<int:survey_id>/codes/": "llmmmmmmmmm",
    "workspace/<slug:slug>/surveys/<int:survey_id>/open-link/": "llmmmmmmmmm",
    "workspace/<slug:slug>/surveys/<int:survey_id>/access/": "llmmmmmmmmm",
    "workspace/<slug:slug>/surveys/<int:survey_id>/access/<int:access_id>/revoke/": "llmmmmmmmmm",
    "workspace/<slug:slug>/surveys/<int:survey_id>/results/": "llfoonnnnno",
    "workspace/<slug:slug>/surveys/<int:survey_id>/results/chart/<slug:name>.svg": "llfoonnnnno",
    "workspace/<slug:slug>/surveys/<int:survey_id>/results/report.pdf": "llfoonnnnno",
    "workspace/<slug:slug>/surveys/<int:survey_id>/results/pdf/": "llmmmmmmmmm",
    "workspace/<slug:slug>/surveys/<int:survey_id>/results/pdf/<int:pdf_id>/": "llfoonnnnno",
    "workspace/<slug:slug>/surveys/<int:survey_id>/results/pdf/<int:pdf_id>/download/": "llfoonnnnno",
    "workspace/<slug:slug>/surveys/<int:survey_id>/results/figures.csv": "llfoonnnnno",
    "workspace/<slug:slug>/surveys/<int:survey_id>/results/figures.xlsx": "llfoonnnnno",
    "workspace/<slug:slug>/surveys/<int:survey_id>/results/raw/": "llfofnnnnnf",
    "workspace/<slug:slug>/surveys/<int:survey_id>/results/goal/": "llmmmmmmmmm",
    # Cycles in the workspace: the employer's members only (not even the platform admin)
    "workspace/<slug:slug>/cycles/": "llooonnnnno",
    "workspace/<slug:slug>/cycles/overview/": "llnnnnnnnnn",  # the overview is the operator's
    "workspace/<slug:slug>/cycles/<int:pk>/": "llooonnnnnn",
    "workspace/<slug:slug>/cycles/<int:pk>/do/<slug:action>/": "llooonnnnnn",  # GET: to the cycle
    "workspace/<slug:slug>/cycles/<int:pk>/decision/": "llooonnnnnn",
    "workspace/<slug:slug>/cycles/<int:pk>/certificate.pdf": "llooonnnnnn",
    "workspace/<slug:slug>/cycles/<int:pk>/phases/<int:run>/": "llooonnnnnn",
    "workspace/<slug:slug>/cycles/<int:pk>/phases/<int:run>/do/<slug:action>/": "llooonnnnnn",  # GET: to the phase
    "workspace/<slug:slug>/cycles/<int:pk>/phases/<int:run>/evidence/": "llmmmmmmmmm",
    "workspace/<slug:slug>/cycles/<int:pk>/evidence/<int:evidence>/": "llooonnnnnn",
    "workspace/<slug:slug>/cycles/<int:pk>/phases/<int:run>/signature/": "llmmmmmmmmm",
    "workspace/<slug:slug>/cycles/<int:pk>/phases/<int:run>/signature/scan/": "llnnnnnnnnn",  # no scan
    "workspace/<slug:slug>/cycles/<int:pk>/agreement/": "llooonnnnnn",
    "workspace/<slug:slug>/cycles/<int:pk>/agreement/print/": "llooonnnnnn",
    "workspace/<slug:slug>/cycles/<int:pk>/agreement.pdf": "llooonnnnnn",  # the signed agreement
    "workspace/<slug:slug>/cycles/<int:pk>/agreement/do/<slug:action>/": "llmmmmmmmmm",
    # The survey run for the cycle: its readers in the workspace
    "workspace/<slug:slug>/cycles/<int:pk>/survey/": "llfoonnnnnn",
    "workspace/<slug:slug>/cycles/<int:pk>/survey/report.pdf": "llfoonnnnnn",
    # Operator area: programmes for operator staff, the upload for its admin
    "operator/": "llooooooooo",  # lists the user's own operator organisations
    "operator/programmes/": "llfffoooofo",
    "operator/programmes/upload/": "llfffffoffo",
    "operator/programmes/<str:programme_key>/": "llfffoooofo",
    "operator/programmes/<str:programme_key>/compare/": "llfffoooofo",
    "operator/programmes/<str:programme_key>/versions/<str:version>/": "llfffoooofo",
    "operator/programmes/<str:programme_key>/versions/<str:version>/export.<str:fmt>": "llfffoooofo",
    # Cycles in the operator area: the assigned auditor, operator admin and board only
    "operator/cycles/": "llooooooooo",  # a list of the cycles each may see (checked elsewhere)
    "operator/cycles/overview/": "llnnnnnoono",
    "operator/cycles/export.csv": "llooooooooo",  # the cycles list's export: what each may see
    "operator/cycles/export.xlsx": "llooooooooo",
    "operator/cycles/awards/": "llooooooooo",  # the awards each may see, as operator, board or auditor
    "operator/cycles/awards/export.csv": "llooooooooo",
    "operator/cycles/awards/export.xlsx": "llooooooooo",
    "operator/cycles/bulk/": "llooooooooo",  # GET: to the cycles list
    "operator/cycles/<int:pk>/": "llnnnonoono",
    "operator/cycles/<int:pk>/do/<slug:action>/": "llnnnonoono",  # GET: to the cycle
    "operator/cycles/<int:pk>/decision/": "llnnnonoono",
    "operator/cycles/<int:pk>/certificate.pdf": "llnnnonoono",
    "operator/cycles/<int:pk>/phases/<int:run>/": "llnnnonoono",
    "operator/cycles/<int:pk>/phases/<int:run>/do/<slug:action>/": "llnnnonoono",  # GET: to the phase
    "operator/cycles/<int:pk>/phases/<int:run>/evidence/": "llmmmmmmmmm",
    "operator/cycles/<int:pk>/evidence/<int:evidence>/": "llnnnonoono",
    "operator/cycles/<int:pk>/phases/<int:run>/signature/": "llmmmmmmmmm",
    "operator/cycles/<int:pk>/phases/<int:run>/signature/scan/": "llnnnnnnnnn",
    "operator/cycles/<int:pk>/agreement/": "llnnnonoono",
    "operator/cycles/<int:pk>/agreement/print/": "llnnnonoono",
    "operator/cycles/<int:pk>/agreement.pdf": "llnnnonoono",  # the signed agreement
    "operator/cycles/<int:pk>/agreement/do/<slug:action>/": "llmmmmmmmmm",
    # The cycle's survey: the assigned auditor reads the aggregated report, nobody else there
    "operator/cycles/<int:pk>/survey/": "llnnnonffno",
    "operator/cycles/<int:pk>/survey/report.pdf": "llnnnonffno",
    # Operator news: operator staff only (the admin writes)
    "operator/news/": "llnnnffofno",
    "operator/pages/": "llnnnffofno",  # legal pages: operator admins and platform admins
    "operator/outbox/": "llnnnffofno",  # the mail outbox: operator admins and platform admins
    "operator/outbox/retry/": "llmmmmmmmmm",
    "operator/pages/<slug:kind>/": "llnnnffofno",
    "operator/news/add/": "llnnnffofno",
    "operator/news/<int:pk>/": "llnnnffnfnn",
    "operator/news/<int:pk>/withdraw/": "llmmmmmmmmm",
    # Registrations and the catalogue: platform actions of the operator admin
    "operator/registrations/": "llnnnffofno",
    "operator/registrations/export.csv": "llnnnffofno",
    "operator/registrations/export.xlsx": "llnnnffofno",
    "operator/employers/": "llooooooooo",  # the employers of the cycles each may see
    "operator/employers/export.csv": "llooooooooo",
    "operator/employers/export.xlsx": "llooooooooo",
    "operator/registrations/<slug:slug>/": "llnnnffofno",
    "operator/registrations/<slug:slug>/approve/": "llnnnffofno",  # GET: to the registration
    "operator/registrations/<slug:slug>/reject/": "llnnnffofno",
    "operator/catalogue/": "llnnnoooono",
    "operator/catalogue/add/": "llnnnffofno",
    "operator/catalogue/<slug:key>/": "llnnnffofno",
    # The operator organisation's own pages
    "operator/<slug:slug>/": "llnnnoooono",
    "operator/<slug:slug>/profile/": "llnnnffofno",
    "operator/<slug:slug>/logo/": "llnnnnnnnnn",
    "operator/<slug:slug>/members/": "llnnnoooono",
    "operator/<slug:slug>/webhooks/": "llnnnffofno",
    # the world's endpoint is the employer's: not found under the operator, even for its admin
    "operator/<slug:slug>/webhooks/<int:endpoint_id>/": "llnnnffnfnn",
    "operator/<slug:slug>/webhooks/<int:endpoint_id>/secret/": "llmmmmmmmmm",
    "operator/<slug:slug>/webhooks/<int:endpoint_id>/delete/": "llmmmmmmmmm",
    "operator/<slug:slug>/webhooks/<int:endpoint_id>/deliveries/<int:delivery_id>/redeliver/": "llmmmmmmmmm",
    "operator/<slug:slug>/members/<int:membership_id>/": "llnnnffnfnn",  # GET asks before removing
    "operator/<slug:slug>/members/waiting/<int:user_id>/": "llmmmmmmmmm",
    "operator/<slug:slug>/invitations/<int:invitation_id>/withdraw/": "llnnnffnfnn",  # GET asks first
    "operator/<slug:slug>/history/": "llnnnoooono",
    "operator/<slug:slug>/history/export.csv": "llnnnoooono",
}

# Who must be refused a POST to a POST-only door (d: 403, 404 or the login page; f: 403;
# r: any answer but a server error), in the order of PERSONAS; "-" = allowed (or public), not tried
# here because it would change state. Either way a refused POST changes nothing.
_COORDINATOR = "dddd-ddddd-"
_EDITORS = "ddd--ddddd-"
# r: the viewer sees the cycle; the service refuses (a message, or the form again): no change.
_WORKSPACE_CYCLE = "ddr--dddddd"
_OPERATOR_CYCLE = "ddddd-d--d-"
_OPERATOR_ADMIN = "ddddddd-dd-"
# Uploads: who sees the cycle but may not add files (or sign) gets 403 before the file is read.
_WORKSPACE_EVIDENCE = "ddf--dddddd"
_WORKSPACE_SIGNATURE = "ddff-dddddd"  # only the coordinator signs
_OPERATOR_UPLOAD = "dddddfdffdf"  # the door's phase is the coordinator's
POST_ONLY: dict[str, str] = {
    "accounts/logout/": "-----------",
    "notifications/read/": "dd---------",
    "accounts/email/confirmation/send/": "dd---------",  # only one's own address, limited by allauth
    "accounts/email/change/": "dd---------",  # only one's own address, with the password
    "accounts/email/change/send/": "dd---------",
    "accounts/email/change/cancel/": "dd---------",
    "accounts/2fa/recovery-codes/": "drrrrrrrrrr",  # a page only to look at: a POST is answered 405
    "workspace/<slug:slug>/registration/resubmit/": _COORDINATOR,
    "workspace/<slug:slug>/measures/<int:measure_id>/status/": _EDITORS,
    "workspace/<slug:slug>/members/waiting/<int:user_id>/": _COORDINATOR,
    "workspace/<slug:slug>/surveys/<int:survey_id>/open/": _COORDINATOR,
    "workspace/<slug:slug>/surveys/<int:survey_id>/close/": _COORDINATOR,
    "workspace/<slug:slug>/surveys/<int:survey_id>/invitations/": _COORDINATOR,
    "workspace/<slug:slug>/surveys/<int:survey_id>/reminders/": _COORDINATOR,
    "workspace/<slug:slug>/surveys/<int:survey_id>/codes/": _COORDINATOR,
    "workspace/<slug:slug>/surveys/<int:survey_id>/open-link/": _COORDINATOR,
    "workspace/<slug:slug>/surveys/<int:survey_id>/access/": _COORDINATOR,
    "workspace/<slug:slug>/surveys/<int:survey_id>/access/<int:access_id>/revoke/": _COORDINATOR,
    "workspace/<slug:slug>/surveys/<int:survey_id>/results/goal/": _EDITORS,
    "workspace/<slug:slug>/surveys/<int:survey_id>/results/pdf/": "ddf--ddddd-",  # the report's readers
    "workspace/<slug:slug>/cycles/<int:pk>/do/<slug:action>/": _WORKSPACE_CYCLE,
    "workspace/<slug:slug>/cycles/<int:pk>/phases/<int:run>/do/<slug:action>/": _WORKSPACE_CYCLE,
    "workspace/<slug:slug>/cycles/<int:pk>/phases/<int:run>/evidence/": _WORKSPACE_EVIDENCE,
    "workspace/<slug:slug>/cycles/<int:pk>/phases/<int:run>/signature/": _WORKSPACE_SIGNATURE,
    "workspace/<slug:slug>/cycles/<int:pk>/agreement/do/<slug:action>/": _WORKSPACE_CYCLE,
    "operator/cycles/<int:pk>/do/<slug:action>/": _OPERATOR_CYCLE,
    "operator/cycles/<int:pk>/phases/<int:run>/do/<slug:action>/": _OPERATOR_CYCLE,
    "operator/cycles/<int:pk>/phases/<int:run>/evidence/": _OPERATOR_UPLOAD,
    "operator/cycles/<int:pk>/phases/<int:run>/signature/": _OPERATOR_UPLOAD,
    "operator/cycles/<int:pk>/agreement/do/<slug:action>/": _OPERATOR_CYCLE,
    "operator/outbox/retry/": _OPERATOR_ADMIN,
    "operator/cycles/bulk/": _OPERATOR_ADMIN,
    "workspace/<slug:slug>/surveys/rankings/<int:programme_id>/": _COORDINATOR,
    "operator/news/<int:pk>/withdraw/": _OPERATOR_ADMIN,
    "operator/registrations/<slug:slug>/approve/": _OPERATOR_ADMIN,
    "operator/registrations/<slug:slug>/reject/": _OPERATOR_ADMIN,
    "operator/<slug:slug>/members/waiting/<int:user_id>/": _OPERATOR_ADMIN,
    "workspace/<slug:slug>/webhooks/<int:endpoint_id>/secret/": _COORDINATOR,
    "workspace/<slug:slug>/webhooks/<int:endpoint_id>/delete/": _COORDINATOR,
    "workspace/<slug:slug>/webhooks/<int:endpoint_id>/deliveries/<int:delivery_id>/redeliver/": _COORDINATOR,
    "operator/<slug:slug>/webhooks/<int:endpoint_id>/secret/": "ddddddddddd",  # the employer's endpoint
    "operator/<slug:slug>/webhooks/<int:endpoint_id>/delete/": "ddddddddddd",
    "operator/<slug:slug>/webhooks/<int:endpoint_id>/deliveries/<int:delivery_id>/redeliver/": "ddddddddddd",
}

# Refusals are checked for every persona; of the allowed ones (pages that take a while to
# render), two per door: the first and the last in PERSONAS; one for files that are slow.
HEAVY = (".pdf", ".xlsx", ".svg", "export.<str:fmt>")

# Tables whose rows change by merely visiting (sessions, login throttling): not compared.
# Sessions and sign-in records, and the directory's kept counts (made again from the read model
# by the request that finds they do not hold, like a cache: directory/counts.py).
VOLATILE = {
    "sessions.session",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    "directory.directorycount",
    "directory.countskept",
}


def _slug_for(route: str, world) -> str:
    if route.startswith("operator/registrations/"):
        return world.objects["pending"].slug
    if route.startswith("operator/"):
        return world.objects["operator"].slug
    return world.objects["employer"].slug


def _url(route: str, world) -> str:
    return fill(route, world.values, _slug_for(route, world))


def _outcome(response) -> str:
    code = response.status_code
    if code in (301, 302, 303):
        return "l" if "/accounts/login/" in response["Location"] else "o"
    if 200 <= code < 300:
        return "o"
    return {403: "f", 404: "n", 405: "m"}.get(code, str(code))


def _as(client, world, persona: str):
    client.logout()
    cache.clear()
    if persona not in ("anonymous", "employee"):
        client.force_login(world.users[persona], backend="django.contrib.auth.backends.ModelBackend")
    return client


def fingerprint() -> dict[str, str]:
    """A hash of every row of every table (but the volatile ones), per model."""
    found = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in VOLATILE or not model._meta.managed:
            continue
        digest = hashlib.sha256()
        for row in model._default_manager.order_by("pk").values_list():
            digest.update(repr(row).encode())
        found[label] = digest.hexdigest()
    return found


def test_every_door_is_declared():
    routes = {door.route for door in page_doors()}
    missing = sorted(routes - EXPECTED.keys())
    assert not missing, f"URL patterns without a declaration of who may pass (add them to EXPECTED): {missing}"
    stale = sorted(EXPECTED.keys() - routes)
    assert not stale, f"declarations for URL patterns that no longer exist: {stale}"
    for route, expected in EXPECTED.items():
        assert expected == "*" or len(expected) == len(PERSONAS), route
        if "m" in expected:
            assert route in POST_ONLY, f"POST-only door without a POST declaration: {route}"


def test_get_every_door_as_every_persona(client, world):
    client.raise_request_exception = False
    plan: dict[str, list[tuple[str, str]]] = {persona: [] for persona in PERSONAS}
    for door in page_doors():
        expected = EXPECTED.get(door.route)
        if expected is None or expected == "*":
            continue
        url = _url(door.route, world)
        allowed = [p for p, want in zip(PERSONAS, expected, strict=True) if want == "o"]
        sample = set(allowed[:1] if door.route.endswith(HEAVY) else allowed[:1] + allowed[-1:])
        for persona, want in zip(PERSONAS, expected, strict=True):
            if persona == "employee" and "<str:token>" not in door.route:
                continue  # anonymous but for the survey page
            if want != "o" or persona in sample:
                plan[persona].append((url, want))
    wrong = []
    for persona, visits in plan.items():
        _as(client, world, persona)
        for url, want in visits:
            cache.clear()  # no rate limit
            got = _outcome(client.get(url))
            if got != want:
                wrong.append(f"{persona:15} GET {url}: expected {want}, got {got}")
    assert not wrong, "\n".join(wrong)


def _refused_posts(world):
    """(persona, route, url) for every POST that must be refused."""
    for door in page_doors():
        expected = EXPECTED.get(door.route, "*")
        if expected == "*":
            continue
        post = POST_ONLY.get(door.route)
        for index, persona in enumerate(PERSONAS):
            if persona == "employee":
                continue
            how = post[index] if post else "d" if expected[index] in "lnf" else "-"
            if how != "-":
                yield persona, how, _url(door.route, world)


def test_refused_posts_change_nothing(client, world):
    client.raise_request_exception = False
    wrong = []
    calls = list(_refused_posts(world))
    assert len(calls) > 300
    by_persona: dict[str, list[tuple[str, str]]] = {}
    for persona, how, url in calls:
        by_persona.setdefault(persona, []).append((how, url))
    for persona, doors in by_persona.items():
        _as(client, world, persona)
        before = fingerprint()
        for how, url in doors:
            response = client.post(url, {"name": "x", "title": "x", "email": "x@test.example", "role": "viewer"})
            got = _outcome(response)
            refused = got in "lnf" if how == "d" else got == "f" if how == "f" else response.status_code < 500
            if not refused:
                wrong.append(f"{persona:15} POST {url}: expected a refusal ({how}), got {got}")
        after = fingerprint()
        changed = [label for label in before if before[label] != after.get(label)]
        if changed:
            wrong.append(f"{persona:15}: refused POSTs changed {changed}")
    assert not wrong, "\n".join(wrong)
