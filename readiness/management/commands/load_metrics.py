from django.core.management.base import BaseCommand, CommandError

from readiness.metrics_loader import MetricsFileError
from readiness.services.metrics import load_metrics_file


class Command(BaseCommand):
    help = (
        "Load or update a list of metrics (e.g. CQC's list for local authorities) from its JSON "
        "data file. Nothing is saved if any entry is wrong; the error names the entry. Running "
        "it again with the same file changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to the metrics' JSON file")

    def handle(self, *args, file, **options):
        try:
            metric_list = load_metrics_file(file)
        except MetricsFileError as exc:
            raise CommandError(f"Nothing loaded: {exc}") from None
        counts = ", ".join(f"{c['statement']} {c['metrics']}" for c in metric_list.coverage)
        state = "complete" if metric_list.complete else "incomplete"
        self.stdout.write(
            self.style.SUCCESS(
                f'Loaded "{metric_list.title}" ({metric_list.page_date}; {state}): '
                f"{metric_list.metrics.count()} metrics ({counts})"
            )
        )
