import time

from django.core.management.base import BaseCommand, CommandError

from actions import datagen


class Command(BaseCommand):
    help = (
        "Fill the database with realistic generated data through bulk inserts: 'small' for "
        "tests, 'national' for every council in England (153 councils, ~200k findings, 1M "
        "complaints, 100k actions in 20k plans, 300k progress updates)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(datagen.SCALES), default="small")
        parser.add_argument("--seed", type=int, default=2024, help="Random seed (repeatable)")

    def handle(self, *args, scale, seed, **options):
        if datagen.already_generated():
            raise CommandError(
                "Generated data is already in this database (organisations named "
                f"'{datagen.PREFIX} council ...'); use a fresh database."
            )
        started = time.perf_counter()
        counts, timings = datagen.generate(scale, seed=seed, out=self.stderr)
        datagen.analyze()
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(f"Generated the '{scale}' data set in {elapsed:.0f} s:")
        )
        for table, rows in counts.items():
            timing = f" ({timings[table]:.1f} s)" if table in timings else ""
            self.stdout.write(f"  {table:<22} {rows:>10,}{timing}")
