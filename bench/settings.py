"""The production settings plus the benchmark's floor view (bench/urls.py).

Used only by the gunicorn that bench/load starts: DJANGO_SETTINGS_MODULE=bench.settings.
"""

from config.settings import *  # noqa: F403
from config.settings import BASE_DIR, TEMPLATES

ROOT_URLCONF = "bench.urls"
TEMPLATES = [
    {**TEMPLATES[0], "DIRS": [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]},
    *TEMPLATES[1:],
]
