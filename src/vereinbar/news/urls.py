"""Public news (/<lang>/news/): the list, each announcement, Atom feeds overall and per programme."""

from django.urls import path

from . import feeds, views

app_name = "news"

urlpatterns = [
    path("", views.news_list, name="list"),
    path("feed/", feeds.NewsFeed(), name="feed"),
    path("<int:pk>/", views.news_detail, name="detail"),
    path("programmes/<str:programme_slug>/", views.news_list, name="programme"),
    path("programmes/<str:programme_slug>/feed/", feeds.ProgrammeNewsFeed(), name="programme_feed"),
]
