"""django-allauth's pages under /accounts/ (second factors, re-authentication, provider errors)
and the names allauth reverses, without a namespace. Only what the site uses is mounted: no
sign-up, no e-mail management, no allauth login page (ours is accounts:login). The confirmation
link of an address (registration or change) is allauth's view, with what to do next when it no
longer works (views.ConfirmEmailView)."""

from allauth.account import views as allauth_views
from allauth.socialaccount import views as social_views
from django.urls import include, path
from django.views.generic import RedirectView

from . import views

urlpatterns = [
    # The same doors as accounts:login, accounts:logout and accounts:password_change, by allauth's names.
    path("login/", views.LoginView.as_view(), name="account_login"),
    path("logout/", views.LogoutView.as_view(), name="account_logout"),
    path("password/", RedirectView.as_view(pattern_name="accounts:password_change"), name="account_change_password"),
    path("confirm-email/<str:key>/", views.confirm_email, name="account_confirm_email"),
    path("reauthenticate/", allauth_views.reauthenticate, name="account_reauthenticate"),
    path("2fa/", include("allauth.mfa.urls")),
    path("sso/cancelled/", social_views.login_cancelled, name="socialaccount_login_cancelled"),
    path("sso/error/", social_views.login_error, name="socialaccount_login_error"),
    path("sso/signup/", social_views.signup, name="socialaccount_signup"),
]
