"""Creates user-1 ... user-N (password as given), hashing the password once for all of them."""
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Creates user-1 ... user-COUNT with one password."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=500)
        parser.add_argument("--password", default="secret")

    def handle(self, *args, **options):
        hashed = make_password(options["password"])
        User.objects.bulk_create(
            [User(username=f"user-{i}", password=hashed) for i in range(1, options["count"] + 1)],
            ignore_conflicts=True,
        )
