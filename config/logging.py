"""Logging helpers referenced from settings.LOGGING."""

import logging


class QuietPermissionDenied(logging.Filter):
    """A refused request (403) is expected behaviour, not an error: log one line, no traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
