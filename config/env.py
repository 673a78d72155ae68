"""Environment variables, read once, in one place.

Every setting that differs between machines comes from the environment; the defaults are the
embedded (SQLite, debug) ones so that a fresh checkout runs with no configuration at all.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be a whole number, not {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_database(default_sqlite: Path) -> dict:
    """DATABASE_URL when set (postgres://user@host:port/name), else an SQLite file."""
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{default_sqlite}"
    return dj_database_url.parse(url, conn_max_age=env_int("DB_CONN_MAX_AGE", 0))


def env_cache() -> dict:
    """CACHE_URL when set (redis://host:6379/0: one cache every worker and machine shares),
    else a cache in each process's memory (fine for one process: `make run`, the tests)."""
    url = os.environ.get("CACHE_URL", "").strip()
    if not url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise ValueError(f"CACHE_URL must be a redis:// address, not {url!r}")
    return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
