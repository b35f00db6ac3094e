from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from vereinbar.site.examples import examples_generate


class Command(BaseCommand):
    help = (
        "Add made-up employers with measures and awards (after the programme library and the "
        "catalogue are loaded, e.g. by `demo`); callable again to add more."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--employers", type=int, default=700, help="How many employers to add (default 700).")
        parser.add_argument("--seed", type=int, default=20261123, help="Seed of the random choices.")
        parser.add_argument(
            "--example", action="store_true", help="Mark them as examples (as the demo does) and keep to made-up names."
        )
        parser.add_argument(
            "--cycles",
            action="store_true",
            help="Then give the example employers about 1,000 more cycles in the operated programmes (as the demo's desk).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = examples_generate(options["employers"], options["seed"], example=options["example"])
        self.stdout.write(
            f"added {result['organisations']} employers ({result['listed']} listed), "
            f"{result['measures']} measures, {result['awards']} awards"
        )
        if options["cycles"]:
            from vereinbar.site.demo_desk import example_cycles_load

            self.stdout.write(f"added {example_cycles_load(today=timezone.localdate())} cycles")
