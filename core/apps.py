from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Parts every app uses (exports, pagination, filters, history, people, charts, uploads,
    the panel registry). It imports no app of the project: the others import it."""

    name = "core"
    label = "core"
    verbose_name = "Shared parts"
