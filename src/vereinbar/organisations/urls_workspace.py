"""The organisation pages of the workspace area (/<lang>/workspace/); ``site/urls_workspace.py``
composes them with the other apps' pages into the ``workspace`` namespace."""

from django.urls import path

from .views import profile, structure, workspace

AREA = {"area": "workspace"}

urlpatterns = [
    path("", workspace.index, AREA, name="index"),
    path("<slug:slug>/", workspace.organisation, AREA, name="organisation"),
    path("<slug:slug>/profile/", profile.profile_edit, AREA, name="profile"),
    path("<slug:slug>/logo/", profile.logo, AREA, name="logo"),
    path("<slug:slug>/registration/resubmit/", profile.resubmit, AREA, name="resubmit"),
    path("<slug:slug>/units/", structure.units, AREA, name="units"),
    path("<slug:slug>/units/<int:unit_id>/", structure.unit_edit, AREA, name="unit_edit"),
    path("<slug:slug>/units/<int:unit_id>/delete/", structure.unit_delete, AREA, name="unit_delete"),
    path("<slug:slug>/contacts/", structure.contacts, AREA, name="contacts"),
    path("<slug:slug>/contacts/add/", structure.contact_form, AREA, name="contact_add"),
    path("<slug:slug>/contacts/<int:contact_id>/", structure.contact_form, AREA, name="contact_edit"),
    path("<slug:slug>/contacts/<int:contact_id>/delete/", structure.contact_delete, AREA, name="contact_delete"),
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
