"""The operator area (/<lang>/operator/)."""

from django.urls import path

from . import views

app_name = "operator"
AREA = {"area": "operator"}

urlpatterns = [
    path("", views.index, AREA, name="index"),
    path("<slug:slug>/", views.organisation, AREA, name="organisation"),
    path("<slug:slug>/members/", views.members, AREA, name="members"),
    path("<slug:slug>/members/<int:membership_id>/", views.member_change, AREA, name="member_change"),
    path(
        "<slug:slug>/invitations/<int:invitation_id>/withdraw/",
        views.invitation_withdraw,
        AREA,
        name="invitation_withdraw",
    ),
    path("<slug:slug>/history/", views.history, AREA, name="history"),
]
