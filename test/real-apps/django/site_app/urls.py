"""Routes: Django's own auth views under /accounts/ (login at /accounts/login/), a home page linking
to them, and a profile page naming the user (Django's default LOGIN_REDIRECT_URL)."""
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home),
    path("accounts/", include("django.contrib.auth.urls")),
    path("accounts/profile/", views.profile),
]
