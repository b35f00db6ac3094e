"""An organisation's awards in the employer workspace (/<lang>/workspace/<slug>/awards/)."""

from django.urls import path

from . import views

app_name = "workspace_awards"

urlpatterns = [
    path("", views.workspace_awards, name="list"),
    path("<str:number>/", views.workspace_award, name="detail"),
]
