"""The languages a site is published in, and where each one's pages live.

The site's first language (mkdocs.yml `theme.language`, English by default) is
served from the root; each other language a document is translated into is a
whole second site under `/<code>/` (`/cy/` for Welsh), with the same paths below
it, so the Welsh counterpart of `/constitution/2.1/#quorum` is
`/cy/constitution/2.1/#quorum`. Every page names its counterparts (`hreflang`
links) and the theme's language switch goes to the same page in the other
language (`templates/overrides/partials/alternate.html`).

Only languages the tool has interface words for (`i18n.SHIPPED`) get pages of
their own: a page of Welsh clauses framed by English headings and buttons would
not be a Welsh page. A translation into another language is still checked, and
the build says that it is not published.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from generator.load.settings import SiteSettings
from generator.support import i18n

# The keys of a language switch entry that only `alternates` writes.
_OWN_KEYS = frozenset({"near", "root", "absolute", "first"})


@dataclass(frozen=True, slots=True)
class SiteLanguage:
    """One language of the site: its code and the folder of the site its pages are in."""

    code: str
    folder: str  # "" for the first language, "cy" for Welsh

    def site_url(self, root_url: str | None) -> str | None:
        """The address of this language's home page, from the site's."""
        if not root_url or not self.folder:
            return root_url
        return f"{root_url.rstrip('/')}/{self.folder}/"


def site_languages(first: str, translated: list[str]) -> tuple[list[SiteLanguage], list[str]]:
    """The site's languages, its first one first; and the translations' languages left out."""
    languages = [SiteLanguage(first, "")]
    left_out: list[str] = []
    for code in translated:
        folder = code.lower()
        if i18n.same_language(code, first) or any(lang.folder == folder for lang in languages):
            continue
        shipped = next((s for s in i18n.SHIPPED if i18n.same_language(s, code)), None)
        if shipped is None:
            left_out.append(code)
            continue
        languages.append(SiteLanguage(shipped, folder))
    return languages, left_out


def settings_for(
    settings: SiteSettings, language: SiteLanguage, languages: list[SiteLanguage]
) -> SiteSettings:
    """The settings one language's pages are built with: its theme language, address, switch.

    The switch's entries carry keys of ours (`_OWN_KEYS`) that the templates trust to
    make page addresses; on a site of one language, a community's own `alternate`
    entries (from mkdocs.yml, perhaps a stranger's pull request) lose them.
    """
    if len(languages) == 1:
        written = settings.extra.get("alternate")
        if not isinstance(written, list):
            return settings
        kept = [_without_own_keys(item) for item in written]
        return replace(settings, extra={**settings.extra, "alternate": kept})
    theme = {**settings.theme, "language": language.code}
    extra = {**settings.extra, "alternate": alternates(settings.site_url, language, languages)}
    address = language.site_url(settings.site_url)
    return replace(settings, theme=theme, extra=extra, site_url=address)


def alternates(
    root_url: str | None, here: SiteLanguage, languages: list[SiteLanguage]
) -> list[dict[str, Any]]:
    """The entries of the theme's language switch (Material's `extra.alternate`), as seen from
    the pages of `here`.

    `near` is the other language's home relative to this language's home, which
    the switch links (so a preview on a laptop stays on the laptop); `root` is the
    same, or its full address when the site has one, which the `hreflang` links
    give, as search engines ask. The templates add the page's own path, so a link
    goes to the same page, not to the other language's home page.
    """
    entries = []
    for language in languages:
        up = "../" if here.folder else ""
        near = up + (f"{language.folder}/" if language.folder else "")
        absolute = bool(root_url)
        root = (language.site_url(root_url) or "") if absolute else near
        entries.append(
            {
                "name": i18n.own_name(language.code),
                "lang": language.code,
                "link": near or "./",
                "near": near,
                "root": root,
                "absolute": absolute,
                "first": not language.folder,
            }
        )
    return entries


def _without_own_keys(item: Any) -> Any:
    return {k: v for k, v in item.items() if k not in _OWN_KEYS} if isinstance(item, dict) else item
