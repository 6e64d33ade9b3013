"""Where a Neo4j store connects: arguments for the library, the ``TRADEOFFS_NEO4J_*``
variables for the CLI. The password is a secret: it never appears in a repr or a message."""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field, SecretStr

from tradeoffs.errors import StoreError

DEFAULT_URI = "bolt://127.0.0.1:7687"
DEFAULT_DATABASE = "neo4j"
DEFAULT_TIMEOUT = 10.0
MAX_TIMEOUT = 3600.0
"""The longest wait for a silent server: an hour is far beyond any network's round trip, and
keeps every deadline a time the clock and the thread functions can hold."""


class Neo4jSettings(BaseModel):
    """A Neo4j server and database; no ``user`` means no authentication. ``timeout`` is how
    many seconds a silent server is waited for (connecting, and any call)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    uri: str = DEFAULT_URI
    user: str | None = None
    password: SecretStr = SecretStr("")
    database: str = DEFAULT_DATABASE
    timeout: float = Field(default=DEFAULT_TIMEOUT, gt=0, le=MAX_TIMEOUT, allow_inf_nan=False)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Neo4jSettings:
        """The settings the ``TRADEOFFS_NEO4J_URI``, ``_USER``, ``_PASSWORD``, ``_DATABASE``
        and ``_TIMEOUT`` variables give; defaults for those unset."""
        raw_timeout = env.get("TRADEOFFS_NEO4J_TIMEOUT") or str(DEFAULT_TIMEOUT)
        try:
            timeout = float(raw_timeout)
        except ValueError:
            timeout = -1.0
        if not 0 < timeout <= MAX_TIMEOUT:
            raise StoreError(
                f"must be a number of seconds above 0 and at most {MAX_TIMEOUT:g}, not {{value}}",
                field="TRADEOFFS_NEO4J_TIMEOUT",
                value=raw_timeout,
            )
        return cls(
            uri=env.get("TRADEOFFS_NEO4J_URI") or DEFAULT_URI,
            user=env.get("TRADEOFFS_NEO4J_USER") or None,
            password=SecretStr(env.get("TRADEOFFS_NEO4J_PASSWORD", "")),
            database=env.get("TRADEOFFS_NEO4J_DATABASE") or DEFAULT_DATABASE,
            timeout=timeout,
        )

    @property
    def auth(self) -> tuple[str, str] | None:
        return (self.user, self.password.get_secret_value()) if self.user else None
