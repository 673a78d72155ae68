from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessment.models import Organisation
from complaints.importer import ComplaintImportError, import_complaints


class Command(BaseCommand):
    help = (
        "Import complaints from a CSV or XLSX file (columns: see README, section Complaints). "
        "All or nothing: any bad row is reported with its row number and column, and nothing "
        "is imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .csv (UTF-8) or .xlsx file.")
        parser.add_argument("--organisation", required=True, help="The organisation's name.")
        parser.add_argument(
            "--create-missing",
            action="store_true",
            help="Create categories and service areas not yet in the organisation's lists.",
        )
        parser.add_argument(
            "--update",
            action="store_true",
            help="Update complaints whose reference already exists (otherwise an error).",
        )

    def handle(self, *args, file, organisation, create_missing, update, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            org = Organisation.objects.get(name__iexact=organisation)
        except Organisation.DoesNotExist:
            raise CommandError(f"No organisation is called “{organisation}”.") from None
        try:
            result = import_complaints(
                organisation=org,
                user=None,  # whoever may run manage.py is trusted
                filename=path.name,
                content=path.read_bytes(),
                create_missing=create_missing,
                update_existing=update,
            )
        except ComplaintImportError as error:
            for problem in error.errors:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{len(error.errors)} problem(s) found; nothing was imported."
            ) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {result.created} new and updated {result.updated} complaints for {org}."
            )
        )
        if result.created_names:
            self.stdout.write("Created: " + ", ".join(result.created_names))
