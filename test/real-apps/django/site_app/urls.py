"""Routes: Django's own auth views under /accounts/ (login at /accounts/login/), a home page linking
to them, and a who-am-I."""
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/me", views.me),
]
