"""Settings of the benchmark's server: production settings plus the floor page (bench/urls.py).

The floor page is a signed-in page that renders the base layout and nothing else: the cost of the
framework, the session, the navigation and the layout, measured in the same run as the pages, so
that a page's figures can be read relative to it on any machine (docs/performance.md)."""

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
