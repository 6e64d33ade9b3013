"""The team's knowledge as a static site: an index by area and kind, a page per card and per
decision record, the decision log, search in the browser, the map, and an Atom feed.

Every link is relative and nothing is fetched from elsewhere, so the folder works from
``file://`` and from any static host. :class:`Site` builds it whole, then page by page as
cards and records change (what ``tradeoffs site --serve`` does).
"""

from tradeoffs.site.build import DEFAULT_TITLE, Site, build_site, changed_cards

__all__ = ["DEFAULT_TITLE", "Site", "build_site", "changed_cards"]
