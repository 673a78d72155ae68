"""Views that exist only for benchmarks (settings.BENCHMARK_ENDPOINTS)."""

from django.http import HttpResponse


def ceiling(request):
    """A fixed response behind the same middleware and login as every page: the upper bound."""
    return HttpResponse("ok", content_type="text/plain")
