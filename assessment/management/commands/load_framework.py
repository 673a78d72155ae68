from django.core.management.base import BaseCommand, CommandError

from assessment import services
from assessment.framework_loader import FrameworkFileError


class Command(BaseCommand):
    help = (
        "Load or update a framework (themes and quality statements) from a JSON data file. "
        "Nothing is saved if any entry is wrong; the error names the entry."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to the framework's JSON file")

    def handle(self, *args, file, **options):
        try:
            framework = services.load_framework_file(file)
        except FrameworkFileError as exc:
            raise CommandError(f"Nothing loaded: {exc}") from None
        themes = framework.themes.count()
        statements = framework.statements.count()
        self.stdout.write(
            self.style.SUCCESS(
                f'Loaded "{framework.name}": {themes} themes, {statements} quality statements'
            )
        )
