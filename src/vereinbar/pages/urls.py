"""The legal pages: /<lang>/imprint/, /<lang>/privacy/, /<lang>/accessibility/."""

from django.urls import path

from . import views
from .models import LegalPageKind

app_name = "pages"

urlpatterns = [path(f"{kind.value}/", views.page, {"kind": kind.value}, name=kind.value) for kind in LegalPageKind]
