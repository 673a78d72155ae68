"""Project-wide response policies that belong to no app."""

PRIVATE_NO_STORE = "private, no-store"


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
