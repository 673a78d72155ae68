"""Development on a laptop: debug on, SQLite unless DATABASE_URL says otherwise, demo mode on."""

from config.env import env_bool

from .base import *  # noqa: F403

DEBUG = env_bool("DEBUG", True)
DEMO_MODE = env_bool("DEMO_MODE", True)

# Serve static files from the app folders, no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
