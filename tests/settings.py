"""Test settings: the real settings module with test-only overrides (fast hashing, in-memory
mail, tasks run immediately, a throwaway data directory)."""

import os
import tempfile

os.environ.setdefault("VEREINBAR_TESTING", "true")
if not os.environ.get("VEREINBAR_DATA_DIR"):
    os.environ["VEREINBAR_DATA_DIR"] = tempfile.mkdtemp(prefix="vereinbar-test-")
if worker := os.environ.get("PYTEST_XDIST_WORKER"):
    # Each xdist worker has a database of its own; its files (uploads, keys) get a directory of
    # their own too, or a test of one worker sees what a test of the other stored.
    os.environ["VEREINBAR_DATA_DIR"] = os.path.join(os.environ["VEREINBAR_DATA_DIR"], worker)
    os.makedirs(os.environ["VEREINBAR_DATA_DIR"], exist_ok=True)
os.environ.setdefault("VEREINBAR_SECRET_KEY", "test-secret-key-not-for-production-use-0123456789abcdef")

from vereinbar.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
ALLOWED_HOSTS = ["*"]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
# Tests read English source texts unless they ask for a language (URL prefix, header,
# translation.override); the product's default stays German.
LANGUAGE_CODE = "en"
# Limit counters stay in the database as configured (core.LimitCount, rolled back after every
# test with the rest). The default cache is per test process (used one-time codes, cached
# reports; cleared before every test, see conftest): the shared DatabaseCache is tested with
# processes of its own (tests/accounts/test_two_factor.py).
CACHES.pop("ratelimit", None)  # noqa: F405 - Redis from the environment is not for tests
CACHES["default"] = {  # noqa: F405
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "default-tests",
}
# The test database still gets the table of the product's DatabaseCache (core.apps makes the
# tables of every DatabaseCache after migrate): processes started with vereinbar.settings on a
# copy of it (tests/faults, tests/ops) use the cache in the database, as an installation does.
CACHES["installation-table"] = {  # noqa: F405
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "vereinbar_cache",
}
# WhiteNoise looks a static file up when it is asked for, instead of listing every file of the
# finders each time a test client builds its middleware (~470 files, ~40 ms, thousands of times
# a pass). What it serves is the same; production settings list them once per process.
WHITENOISE_AUTOREFRESH = True
