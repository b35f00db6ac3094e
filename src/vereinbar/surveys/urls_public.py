"""Answering pages (/<lang>/s/): public, no login."""

from django.urls import path

from .views import public

app_name = "answer"

urlpatterns = [
    path("", public.code_entry, name="code"),
    path("thanks/", public.thanks, name="thanks"),
    path("<str:token>/", public.answer, name="answer"),
]
