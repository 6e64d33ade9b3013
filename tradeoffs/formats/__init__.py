"""File formats, each in one place with its reader and its writer: native YAML card files
(:mod:`.native`), the card text format (:mod:`.text`) and the public catalog's JSON files
(:mod:`.catalog_json`). Formats turn bytes into cards and back; finding files and deciding
what to load is :mod:`tradeoffs.loaders`' job."""
