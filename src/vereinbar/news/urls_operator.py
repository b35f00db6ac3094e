"""The operator's announcements (/<lang>/operator/news/)."""

from django.urls import path

from . import views

app_name = "operator_news"

urlpatterns = [
    path("", views.operator_list, name="list"),
    path("add/", views.operator_add, name="add"),
    path("<int:pk>/", views.operator_edit, name="edit"),
    path("<int:pk>/withdraw/", views.operator_withdraw, name="withdraw"),
]
