"""The site's public address when the deployment gives it (`--site-url`, `CHARTERS_SITE_URL`).

GitHub Pages tells the publish workflow where the site lives (`configure-pages`
gives `base_url`, e.g. https://org.github.io/repo); that address wins over
mkdocs.yml, so the sitemap, canonical links and feed ids are right on a
project sub-path without anyone editing a file.
"""

from __future__ import annotations

import dataclasses
import re
from urllib.parse import urlsplit

from generator.load.settings import SiteSettings

_SAFE = re.compile(r"^[A-Za-z0-9._~:/%@+\[\]-]+$")


def normal_site_url(text: str) -> str:
    """The address, ending in "/"; ValueError, in plain words, when it is not a site address.

    https only, except on this computer (http://127.0.0.1:8000/), where tests and
    previews serve it.
    """
    parts = urlsplit(text.strip())
    local = parts.scheme == "http" and (parts.hostname or "") in {"127.0.0.1", "localhost", "::1"}
    if (parts.scheme != "https" and not local) or not parts.netloc:
        raise ValueError(
            f"the site address {text!r} must start with https:// (for example "
            "https://org.github.io/repo/)."
        )
    if parts.query or parts.fragment or not _SAFE.match(text.strip()):
        raise ValueError(f"the site address {text!r} must be a plain address, with no ? or #.")
    return text.strip().rstrip("/") + "/"


def with_site_url(settings: SiteSettings, site_url: str | None) -> SiteSettings:
    """The settings with the deployment's address, when it gave one."""
    if not site_url:
        return settings
    return dataclasses.replace(settings, site_url=normal_site_url(site_url))
