from django.urls import path

from vereinbar.directory import views as directory_views

app_name = "core"

# The start page is the public directory (vereinbar.directory).
urlpatterns = [
    path("", directory_views.directory, name="home"),
    # <str:>, not <slug:>: the addresses with the whole identifier (urn:…) from before keys redirect
    path("programmes/<str:programme_slug>/", directory_views.directory, name="programme_directory"),
    path("employers/<slug:slug>/", directory_views.profile, name="profile"),
    path("employers/<slug:slug>/photos/<int:pk>/", directory_views.practice_photo, name="practice_photo"),
    path("directory.csv", directory_views.export_directory_csv, name="directory_csv"),
    path("directory.json", directory_views.export_directory_json, name="directory_json"),
]
