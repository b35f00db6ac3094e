"""The operator's list of awards and its exports (/<lang>/operator/cycles/awards/): part of the
``operator_cycles`` namespace, which ``site/urls_operator_cycles.py`` composes."""

from .views_desk import AWARDS

urlpatterns = AWARDS.paths("awards/")
