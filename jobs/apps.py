from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = "Background jobs"

    def ready(self):
        # Each app's tasks module defines its job tasks and adds its daily jobs to the schedule.
        autodiscover_modules("tasks")
        # Exports over EXPORT_ROWS_IN_REQUEST rows are built by a job (core imports no app).
        from core import exports
        from jobs.exports import start_export

        exports.register_background_export(start_export)
