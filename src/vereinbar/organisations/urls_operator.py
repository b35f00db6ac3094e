"""The organisation pages of the operator area (/<lang>/operator/); ``site/urls_operator.py``
composes them with the other apps' pages into the ``operator`` namespace. Platform-wide pages
(registrations) come before the organisation pages; their names are reserved as slugs."""

from django.urls import path

from .views import profile, registration, workspace

AREA = {"area": "operator"}

urlpatterns = [
    path("", workspace.index, AREA, name="index"),
    path("registrations/<slug:slug>/", registration.registration_detail, name="registration"),
    path("registrations/<slug:slug>/approve/", registration.registration_approve, name="registration_approve"),
    path("registrations/<slug:slug>/reject/", registration.registration_reject, name="registration_reject"),
    path("<slug:slug>/", workspace.organisation, AREA, name="organisation"),
    path("<slug:slug>/profile/", profile.profile_edit, AREA, name="profile"),
    path("<slug:slug>/logo/", profile.logo, AREA, name="logo"),
    path("<slug:slug>/members/", workspace.members, AREA, name="members"),
    path("<slug:slug>/members/<int:membership_id>/", workspace.member_change, AREA, name="member_change"),
    path("<slug:slug>/members/waiting/<int:user_id>/", workspace.member_grant, AREA, name="member_grant"),
    path(
        "<slug:slug>/invitations/<int:invitation_id>/withdraw/",
        workspace.invitation_withdraw,
        AREA,
        name="invitation_withdraw",
    ),
    path("<slug:slug>/history/", workspace.history, AREA, name="history"),
    path("<slug:slug>/history/export.csv", workspace.history_export, AREA, name="history_csv"),
]
