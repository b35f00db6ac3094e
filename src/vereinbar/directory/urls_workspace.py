"""/<lang>/workspace/<org>/practice-report/"""

from django.urls import path

from . import views_workspace

app_name = "practice_report"

urlpatterns = [
    path("", views_workspace.practice_report_edit, name="edit"),
    path("photos/<int:pk>/", views_workspace.practice_photo_view, name="photo"),
]
