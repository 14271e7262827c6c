"""`scoreline serve`: the production server (gunicorn; WhiteNoise serves the static files)."""

import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

LOOPBACK = ("127.0.0.1", "localhost", "::1")


class Command(BaseCommand):
    help = "Serve Scoreline with gunicorn (static files by WhiteNoise)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "2")))
        parser.add_argument("--threads", type=int, default=4)

    def handle(self, *args: object, **options: object) -> None:
        # A generated key is fine for a server only this machine reaches (the demo); anything
        # reachable from elsewhere runs with DEBUG off and needs a key of its own.
        local = options["host"] in LOOPBACK
        if not settings.DEBUG and not settings.SECRET_KEY_FROM_ENV and not local:
            raise CommandError(
                f"SECRET_KEY must be set to serve on {options['host']} with DEBUG off "
                "(or serve on 127.0.0.1, or set DEBUG=1)."
            )
        call_command("collectstatic", interactive=False, verbosity=0)
        argv = [
            sys.executable, "-m", "gunicorn", "scoreline.config.wsgi:application",
            "--bind", f"{options['host']}:{options['port']}",
            "--workers", str(options["workers"]),
            "--threads", str(options["threads"]),
            "--access-logfile", "-",
            "--forwarded-allow-ips", os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
        ]  # fmt: skip
        self.stdout.write(f"Scoreline on http://{options['host']}:{options['port']}/")
        sys.stdout.flush()
        os.execv(sys.executable, argv)
