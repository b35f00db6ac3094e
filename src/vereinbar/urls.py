"""URL areas: ``/`` public, ``/workspace/`` employers, ``/operator/`` operators and auditors,
``/api/v1/`` machines. People's pages carry the language prefix (/de/, /nl/, /en/)."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from vereinbar.accounts import sso
from vereinbar.core import views as core_views
from vereinbar.organisations.views import theme as organisations_theme
from vereinbar.pages import views as pages_views
from vereinbar.site.api import api

urlpatterns = [
    path("health/", core_views.health, name="health"),
    path("favicon.ico", pages_views.favicon),
    # the operator's logo and colour in the page frame, public (organisations/theme.py)
    path("operators/<slug:slug>/logo", organisations_theme.operator_logo, name="operator_logo"),
    path("operators/<slug:slug>/theme.css", organisations_theme.operator_theme, name="operator_theme"),
    path("health/ready/", core_views.ready, name="ready"),
    path("api/v1/", api.urls),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("", include("vereinbar.credentials.urls")),  # did:web documents, status lists
    # OpenID Connect sign-in: no language prefix, the provider knows one fixed redirect address
    path("sso/<str:provider_id>/login/", sso.sso_login, name="openid_connect_login"),
    path("sso/<str:provider_id>/login/callback/", sso.sso_callback, name="openid_connect_callback"),
]

urlpatterns += i18n_patterns(
    path("", include("vereinbar.site.urls_home")),
    path("", include("vereinbar.pages.urls")),
    path("accounts/", include("vereinbar.accounts.urls")),
    path("accounts/", include("vereinbar.accounts.urls_allauth")),  # allauth's names (sign-in, 2FA)
    path("register/", include("vereinbar.organisations.urls_public")),
    path("verify/credential/", include("vereinbar.credentials.urls_public")),
    path("verify/", include("vereinbar.certificates.urls")),
    path("news/", include("vereinbar.news.urls")),
    path("offers/", include("vereinbar.measures.urls_offers")),
    path("notifications/", include("vereinbar.notifications.urls")),
    path("s/", include("vereinbar.surveys.urls_public")),
    path("rankings/", include("vereinbar.surveys.urls_rankings")),
    path("workspace/<slug:slug>/surveys/", include("vereinbar.surveys.urls_workspace")),
    path("workspace/<slug:slug>/cycles/", include("vereinbar.site.urls_workspace_cycles")),
    path("workspace/<slug:slug>/awards/", include("vereinbar.certificates.urls_workspace")),
    path("workspace/<slug:slug>/offers/", include("vereinbar.measures.urls_offers_workspace")),
    path("workspace/<slug:slug>/practice-report/", include("vereinbar.directory.urls_workspace")),
    path("workspace/<slug:slug>/webhooks/", include("vereinbar.webhooks.urls_workspace")),
    path("workspace/", include("vereinbar.site.urls_workspace")),
    path("operator/programmes/", include("vereinbar.programmes.urls")),
    path("operator/cycles/", include("vereinbar.site.urls_operator_cycles")),
    path("operator/news/", include("vereinbar.news.urls_operator")),
    path("operator/outbox/", include("vereinbar.organisations.urls_outbox")),
    path("operator/pages/", include("vereinbar.pages.urls_operator")),
    path("operator/<slug:slug>/webhooks/", include("vereinbar.webhooks.urls_operator")),
    path("operator/", include("vereinbar.site.urls_operator")),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler403 = "vereinbar.core.views.error_403"
handler404 = "vereinbar.core.views.error_404"
handler500 = "vereinbar.core.views.error_500"
