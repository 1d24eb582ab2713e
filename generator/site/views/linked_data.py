"""schema.org `Legislation` JSON-LD for a version's page, made safe to sit in a <script>.

Search engines and records systems read it: the identifier, dates, version,
whether it is in force, the version it amends, the area it applies to and the
body that passed it.
"""

from __future__ import annotations

import json
from typing import Any

from generator.model import markup
from generator.model.history import DocumentHistory, PublishedVersion
from generator.site import urls
from generator.site.views.citation import absolute


def legislation(
    history: DocumentHistory, published: PublishedVersion, site_url: str | None, site_name: str
) -> dict[str, Any]:
    doc = published.document
    version = published.version.text
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Legislation",
        "name": doc.title,
        "identifier": f"{doc.id}/{version}",
        "legislationIdentifier": f"{doc.id}/{version}",
        "legislationType": doc.kind,
        "version": version,
        "url": absolute(site_url, urls.version(doc.id, version)),
        "inLanguage": "en",
        "legislationDate": published.date.isoformat(),
        "datePublished": published.date.isoformat(),
        "legislationLegalForce": "https://schema.org/"
        + ("InForce" if published is history.current else "NotInForce"),
        "publisher": {"@type": "Organization", "name": site_name},
    }
    area = doc.charter.network.area if doc.charter is not None else None
    place = {"@type": "Place", "name": markup.to_plain(area) if area else site_name}
    data["spatialCoverage"] = place
    data["legislationJurisdiction"] = place["name"]
    if doc.decision is not None:
        data["legislationPassedBy"] = {"@type": "Organization", "name": doc.decision.body}
    index = history.versions.index(published)
    if index:
        before = history.versions[index - 1].version.text
        data["legislationChanges"] = {
            "@type": "Legislation",
            "legislationIdentifier": f"{doc.id}/{before}",
            "url": absolute(site_url, urls.version(doc.id, before)),
        }
    return data


def script_json(data: dict[str, Any]) -> str:
    """JSON that cannot end its <script> early nor open markup: <, > and & as \\u escapes."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
