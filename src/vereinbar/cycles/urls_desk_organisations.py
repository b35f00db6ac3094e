"""The operator's lists of registrations and employers (/<lang>/operator/registrations/,
/<lang>/operator/employers/): part of the ``operator`` namespace, which
``site/urls_operator.py`` composes. Their names are reserved as slugs."""

from .views.desk_organisations import EMPLOYERS, REGISTRATIONS

urlpatterns = [*REGISTRATIONS.paths("registrations/"), *EMPLOYERS.paths("employers/")]
