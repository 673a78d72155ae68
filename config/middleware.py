"""Project-wide request and response policies that belong to no app."""

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotAllowed
from django.template.loader import render_to_string

PRIVATE_NO_STORE = "private, no-store"
MB = 1024 * 1024


def request_size_limit() -> int:
    """The largest request body any page takes: the largest upload limit, plus 1 MB for the
    form's other fields and the multipart framing."""
    return (
        max(
            settings.EVIDENCE_MAX_UPLOAD_BYTES,
            settings.REPORT_MAX_UPLOAD_BYTES,
            settings.COMPLAINTS_IMPORT_MAX_UPLOAD_BYTES,
        )
        + MB
    )


class RequestSizeLimitMiddleware:
    """Refuse a request whose declared body is larger than any page takes, before a byte of it
    is read (413). Without it Django receives the whole body into a temporary file first
    (200 MB took 1.6 s) and only then does the form see the file is too big. Each form still
    checks its own, smaller limit and says so on the field. Runs before the CSRF check, which
    would read the body."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = request_size_limit()
        if length > limit:
            html = render_to_string(
                "413.html", {"size_mb": -(-length // MB), "limit_mb": limit // MB}
            )
            # No "Connection: close": WSGI forbids an application to set hop-by-hop headers;
            # the server closes a connection whose request body was left unread.
            return HttpResponse(html, status=413)
        return self.get_response(request)


class PrivateCacheMiddleware:
    """Keep what a logged-in user sees out of every cache: pages, exports and downloads.

    Each of them holds an organisation's records, so neither a shared proxy nor the browser's
    disk may keep a copy (a shared office computer, the back button after logging out). A view
    that sets its own Cache-Control has chosen deliberately and keeps it. Anonymous responses
    (the login page) and static files (served by WhiteNoise before this runs) are left alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            response["Cache-Control"] = PRIVATE_NO_STORE
        return response


class CleanRequestHeadersMiddleware:
    """Drop NUL characters from the User-Agent header: it is stored with each login attempt
    (django-axes), and PostgreSQL refuses text holding NUL, which turned a failed login into
    a 500 that was never counted towards the lockout."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        agent = request.META.get("HTTP_USER_AGENT")
        if agent and "\x00" in agent:
            request.META["HTTP_USER_AGENT"] = agent.replace("\x00", "")
        return self.get_response(request)


ALLOWED_METHODS = ("GET", "HEAD", "POST", "OPTIONS")


class MethodPolicyMiddleware:
    """Every page reads with GET and changes things with a POST from its own form. Any other
    method (DELETE, PUT, PATCH...) is refused here, once, instead of reaching handlers that
    skip a form's checks (DeleteView.delete skipped form_valid) or fail (no success_url).
    A refused method, here or by a view, gets a page saying so rather than an empty body."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ALLOWED_METHODS:
            response = HttpResponseNotAllowed(["GET", "POST"])
        else:
            response = self.get_response(request)
        if (
            response.status_code == 405
            and not getattr(response, "streaming", False)
            and not response.content
        ):
            response.content = render_to_string("405.html")
            response["Content-Type"] = "text/html; charset=utf-8"
        return response
