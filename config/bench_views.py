"""Views that exist only for benchmarks (settings.BENCHMARK_ENDPOINTS)."""

from django.http import HttpResponse
from django.shortcuts import render


def ceiling(request):
    """A fixed response behind the same middleware and login as every page: the upper bound."""
    return HttpResponse("ok", content_type="text/plain")


def floor(request):
    """The site layout (navigation by the user's permissions, messages) around an empty body:
    what every page costs before its own content, i.e. the best any page can do."""
    return render(request, "bench_floor.html")
