"""Cycle pages in the operator area (/<lang>/operator/cycles/): the desk's list of cycles (with
its exports and bulk actions) in place of the shared list, then the cycle pages both areas share.
``site/urls_operator_cycles.py`` composes them with certificates' (the list of awards, the
award's pages under a cycle) into the ``operator_cycles`` namespace."""

from django.urls import path

from .urls import patterns
from .views import desk

urlpatterns = [
    *desk.CYCLES.paths(),
    path("bulk/", desk.cycles_bulk, name="bulk"),
    *(pattern for pattern in patterns("operator") if str(pattern.pattern) != ""),
]
