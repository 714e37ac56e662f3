"""The home page (a "Sign in" link, or the user's name and a logout form) and a who-am-I."""
from django.http import JsonResponse
from django.shortcuts import render


def home(request):
    return render(request, "home.html")


def me(request):
    # Anonymous: 401 with no name, as an API answers (login_required would redirect to the form).
    if not request.user.is_authenticated:
        return JsonResponse({"user": None}, status=401)
    return JsonResponse({"user": request.user.get_username()})
