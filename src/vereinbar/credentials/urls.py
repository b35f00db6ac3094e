"""Public, language-free addresses of the credentials (mounted at the site's root): did:web
documents, status lists and the credentials themselves."""

from django.urls import path

from . import views

app_name = "credentials"

urlpatterns = [
    path(".well-known/did.json", views.platform_did, name="platform_did"),
    path("operators/<slug:slug>/did.json", views.operator_did, name="operator_did"),
    path("operators/<slug:slug>/status/<int:number>", views.operator_status, name="operator_status"),
    path("credentials/status/<int:number>", views.platform_status, name="platform_status"),
    path("credentials/<str:code>.json", views.credential, name="credential"),
    path("credentials/<str:code>.svg", views.baked_seal, name="baked_seal"),
]
