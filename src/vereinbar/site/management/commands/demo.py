from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from vereinbar.site.demo import demo_load


class Command(BaseCommand):
    help = "Load the demo organisations and one user per role (idempotent); print the logins."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--url", default=None, help="URL to print for logging in (default: the site URL).")

    def handle(self, *args: Any, **options: Any) -> None:
        result = demo_load()
        options["url"] = (options["url"] or settings.SITE_URL).rstrip("/")
        out = self.stdout
        out.write("")
        out.write(self.style.SUCCESS(f"vereinbar demo: {options['url']}/"))
        out.write(f"  log in at {options['url']}/de/accounts/login/ (or /nl/…, /en/…)")
        if result.cycles_created:
            out.write(
                f"  replayed the employers' histories: {result.cycles_created} cycles, "
                f"{result.awards_expired} awards expired since"
            )
        if result.examples_created:
            out.write(f"  added {result.examples_created} made-up employers, marked as examples, with staff surveys")
        out.write("")
        width = max(len(login.email) for login in result.logins)
        for login in result.logins:
            password = login.password or "(set at first run; see above in an earlier run, or reset it)"
            out.write(f"  {login.email.ljust(width)}  {password.ljust(14)}  {', '.join(login.roles)}")
        if result.further_auditors:
            out.write(
                f"  and {result.further_auditors} further auditors of the example employers (no password; "
                f"each operator's members page lists them: {options['url']}/de/operator/<operator>/members/)"
            )
        if all(login.password is None for login in result.logins):
            out.write("")
            out.write(
                "  Passwords were printed at the first run only. To set them again: "
                "VEREINBAR_DEMO_PASSWORD=… is used for new users; for existing ones run "
                "`vereinbar changepassword EMAIL`."
            )
        if result.offers_links:
            out.write("")
            out.write("  Staff offers pages by the link the coordinators hand out (no login needed):")
            width = max(len(link.organisation) for link in result.offers_links)
            for link in result.offers_links:
                out.write(f"  {link.organisation.ljust(width)}  {options['url']}{link.path()}")
        out.write("")
