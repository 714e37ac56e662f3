"""The home page (a "Sign in" link, or the user's name and a logout form) and the profile page."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render


def home(request):
    return render(request, "home.html")


@login_required
def profile(request):
    # Anonymous: login_required redirects to the login page (settings.LOGIN_URL), with ?next=.
    return render(request, "profile.html")
