"""The endpoint pages, mounted in both areas (``urls_workspace``, ``urls_operator``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from . import views


def patterns(area: str) -> list[URLPattern]:
    kwargs = {"area": area}
    return [
        path("", views.endpoints, kwargs, name="list"),
        path("<int:endpoint_id>/", views.endpoint, kwargs, name="endpoint"),
        path("<int:endpoint_id>/secret/", views.endpoint_secret, kwargs, name="secret"),
        path("<int:endpoint_id>/delete/", views.endpoint_delete, kwargs, name="delete"),
        path(
            "<int:endpoint_id>/deliveries/<int:delivery_id>/redeliver/",
            views.delivery_redeliver,
            kwargs,
            name="redeliver",
        ),
    ]
