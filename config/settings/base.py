"""Settings shared by every environment. Machine-specific values come from config.env."""

import datetime

from csp.constants import NONE, SELF
from django.contrib.messages import constants as message_constants

from config.env import (
    BASE_DIR,
    env_bool,
    env_cache,
    env_database,
    env_int,
    env_list,
    env_str,
)

SECRET_KEY = env_str("SECRET_KEY", "insecure-development-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "csp",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "axes",
    "core",
    "django_tasks",
    # Before django_tasks_db: its `db_worker` command wraps theirs (recovery, schedule).
    "jobs",
    "django_tasks_db",
    "assessment",
    "findings",
    "complaints",
    "notifications",
    # Before actions: its load_demo command extends actions' (the demo's teams and briefs).
    "learning",
    "actions",
    "readiness",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before anything reads the body (the CSRF check does): an oversized upload is refused unread.
    "config.middleware.RequestSizeLimitMiddleware",
    "config.middleware.CleanRequestHeadersMiddleware",
    "config.middleware.MethodPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a login; the few public ones opt out with @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # After authentication: it needs request.user. Static files (WhiteNoise) never reach it.
    "config.middleware.PrivateCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into our "account locked" page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.accounts.support_contact",
                "notifications.context_processors.unread_count",
            ],
        },
    },
]

DATABASES = {"default": env_database(BASE_DIR / "db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A shared cache (CACHE_URL=redis://...) holds sessions in front of the database ("cached_db":
# a request reads its session from the cache, no query; every write goes to both) and the
# computed annual complaints reports, under keys that every write of their complaints changes.
# Without CACHE_URL each process has its own memory cache and sessions stay in the database
# only: a session ended in one process must not live on in another's memory.
CACHES = {"default": env_cache()}
SHARED_CACHE = CACHES["default"]["BACKEND"].endswith("RedisCache")
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if SHARED_CACHE
    else "django.contrib.sessions.backends.db"
)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Browser-side defences, the same in every environment (production adds HTTPS-only ones).
# No 'unsafe-inline' anywhere: behaviour lives in static JS files, looks in static CSS files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Bootstrap's CSS draws select arrows, check marks and close buttons as data: SVGs.
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
# The CSP's frame-ancestors 'none' says the same to browsers that read it.
X_FRAME_OPTIONS = "DENY"

# django-axes first: it refuses a locked-out username before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Roles held per organisation (Membership): user.has_perm(perm, obj) checks obj's organisation.
    # Before ModelBackend: it reads memberships and permissions in one query for both.
    "assessment.backends.MembershipBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env_str("MEDIA_ROOT", str(BASE_DIR / "media"))
# Uploaded evidence is never served as public media: it goes through a login-protected view.
MEDIA_URL = "/media-not-public/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Django's renderer, but plain <select>s are written in Python (see config/form_renderer.py).
FORM_RENDERER = "config.form_renderer.FormRenderer"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

MESSAGE_TAGS = {message_constants.ERROR: "danger"}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "inspection-tracker@localhost")

# Login throttling (django-axes): LOGIN_FAILURE_LIMIT wrong passwords for one username, each
# within LOGIN_LOCKOUT_MINUTES of the last, lock that username for LOGIN_LOCKOUT_MINUTES. By
# username, not address: a council's staff share a few outgoing addresses, and an attacker
# spraying one account from many addresses is still stopped.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
_lockout_minutes = env_int("LOGIN_LOCKOUT_MINUTES", 15)
if AXES_FAILURE_LIMIT < 1 or _lockout_minutes < 1:
    raise ValueError("LOGIN_FAILURE_LIMIT and LOGIN_LOCKOUT_MINUTES must be at least 1")
AXES_COOLOFF_TIME = datetime.timedelta(minutes=_lockout_minutes)
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes warns when addresses are not locked too; we choose not to: staff behind one council
# gateway would lock each other out. Spraying one password over many usernames is the gap.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
# A lock lasts LOGIN_LOCKOUT_MINUTES from the failure that set it: tries while locked (even with
# the right password) neither count nor extend it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# A successful login forgets earlier mistakes.
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "config.accounts.lockout_response"
# What was typed, cleaned so that any input is counted (config/accounts.py).
AXES_USERNAME_CALLABLE = "config.accounts.axes_username"
# Password reset e-mails to one address per hour (the rest are silently not sent).
PASSWORD_RESET_EMAILS_PER_HOUR = env_int("PASSWORD_RESET_EMAILS_PER_HOUR", 3)
# Whom a locked-out user, or one without a role, should ask: shown on those pages after
# "an administrator" (e.g. "the IT service desk, 01632 960000").
SUPPORT_CONTACT = env_str("SUPPORT_CONTACT", "")

PAGE_SIZE = env_int("PAGE_SIZE", 25)
EVIDENCE_MAX_UPLOAD_BYTES = env_int("EVIDENCE_MAX_UPLOAD_MB", 20) * 1024 * 1024
REPORT_MAX_UPLOAD_BYTES = env_int("REPORT_MAX_UPLOAD_MB", 50) * 1024 * 1024
# A DOCX or XLSX (a zip) is refused when its contents would unzip to more than this, or to more
# than 100 times its own size (core/uploads.py): a 1 MB file can hold 1 GiB of zeros.
UPLOAD_MAX_UNZIPPED_BYTES = env_int("UPLOAD_MAX_UNZIPPED_MB", 100) * 1024 * 1024
# What the complaints import page takes. The import runs as a job (a worker checks every row,
# then writes them all in one transaction, in constant memory): 200,000 complaints take about
# a minute on 2 cores (bench/import_complaints.py). A report's text takes about 3.5 s per
# million characters and a PDF 0.08 s per page (a full CQC report: ~150,000 characters, ~40
# pages): the report page's preview reads it within the request. Larger: the commands.
COMPLAINTS_IMPORT_MAX_UPLOAD_BYTES = env_int("COMPLAINTS_IMPORT_MAX_UPLOAD_MB", 100) * 1024 * 1024
COMPLAINTS_IMPORT_MAX_ROWS = env_int("COMPLAINTS_IMPORT_MAX_ROWS", 500_000)
REPORT_IMPORT_MAX_CHARS = env_int("REPORT_IMPORT_MAX_CHARS", 500_000)
REPORT_IMPORT_MAX_PAGES = env_int("REPORT_IMPORT_MAX_PAGES", 150)
# Uploads bigger than this stream to a temporary file rather than memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Background jobs (jobs/): Django's task framework, with the database as the queue by default;
# any number of `manage.py db_worker` processes, on any number of machines, share it. README
# "Background jobs" says how to move to Redis (django-tasks-rq): a backend here and its worker.
TASKS = {"default": {"BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# A running job whose worker is on another machine and that has reported no progress for this
# long is taken as lost (one on the same machine is known lost as soon as its process is gone).
# Longer than any silent step: a 500-finding report PDF lays out in about a minute.
JOBS_STALE_AFTER_SECONDS = env_int("JOBS_STALE_AFTER_MINUTES", 30) * 60
# A lost job is queued again until it has had this many attempts, then marked failed.
JOBS_MAX_ATTEMPTS = env_int("JOBS_MAX_ATTEMPTS", 2)
# How often a running worker looks at the schedule and for lost jobs.
JOBS_TICK_SECONDS = env_int("JOBS_TICK_SECONDS", 300)
JOBS_TASK_RESULTS_KEEP_DAYS = env_int("JOBS_TASK_RESULTS_KEEP_DAYS", 14)
# Exports of more rows than this are built by a background job (the request answers with the
# job's page, whose link downloads the file); smaller ones are made within the request.
EXPORT_ROWS_IN_REQUEST = env_int("EXPORT_ROWS_IN_REQUEST", 5000)
# An export built by a job is kept this long for its owner to download, then deleted.
EXPORT_FILES_KEEP_HOURS = env_int("EXPORT_FILES_KEEP_HOURS", 24)
# The daily reminder digest is queued at or after this local time (HH:MM).
REMINDER_DIGEST_AT = env_str("REMINDER_DIGEST_AT", "07:00")
# The site's address, for links in e-mails sent by jobs (no request to take it from).
SITE_URL = env_str("SITE_URL", "")

# bench/run_pages.py turns this on to expose the fixed-response "ceiling" view.
BENCHMARK_ENDPOINTS = env_bool("BENCHMARK_ENDPOINTS", False)
# Demo users and demo data may only be created where this is on (never in production).
DEMO_MODE = env_bool("DEMO_MODE", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"quiet_403": {"()": "config.logging.QuietPermissionDenied"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["quiet_403"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint narrates every layout step at INFO; only its warnings matter.
    "loggers": {
        # Replaces Django's default handlers for its own loggers: ours drop 403 tracebacks.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "weasyprint": {"level": "WARNING"},
        # Failures and lockouts are warnings; every successful login is in axes' AccessLog.
        "axes": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
