"""Operator pages for programmes (mounted under /operator/programmes/)."""

app_name = "programmes"

urlpatterns: list = []
