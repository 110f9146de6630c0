"""Sessions in the database, as Django's own backend keeps them, read with one plain query.

Every questionnaire page reads the session; building and compiling the ORM query for it cost more
than the query itself. Saving, creating, expiring and clearing are Django's own code, except that a
database that fails while a session is saved is reported as the outage it is, not as a 400, and a
cookie that holds no key Django could have made is an empty session, read without a query.
"""

from __future__ import annotations

import re
from functools import lru_cache

from django.contrib.sessions.backends.base import VALID_KEY_CHARS, UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import InterfaceError, OperationalError, connections, router
from django.db.models import Model
from django.utils import timezone

# Django makes 32 characters of VALID_KEY_CHARS; the column holds 40, and Django refuses under 8.
KEY_PATTERN = re.compile(f"[{re.escape(VALID_KEY_CHARS)}]{{8,40}}")


@lru_cache(maxsize=8)
def session_sql(model: type[Model], alias: str, vendor: str) -> str:
    """The query for a session's data, put together once per model and database (`vendor` is in
    the key because the quoting is the database's)."""
    quote = connections[alias].ops.quote_name
    column = {
        # The stubs allow a field with no column (a relation); these three have one.
        name: quote(model._meta.get_field(name).column)  # type: ignore[union-attr,arg-type]
        for name in ("session_key", "session_data", "expire_date")
    }
    return (
        f"SELECT {column['session_data']} FROM {quote(model._meta.db_table)} "
        f"WHERE {column['session_key']} = %s AND {column['expire_date']} > %s"
    )


class SessionStore(DatabaseSessionStore):
    def _validate_session_key(self, key: object) -> bool:
        """A cookie is the client's text: one with a NUL (`sessionid="\\000abcdefgh"`), which
        PostgreSQL refuses in a query, or any other character or length Django never makes, names
        no session. Django then reads an empty session and saves a new one under a new key."""
        return isinstance(key, str) and KEY_PATTERN.fullmatch(key) is not None

    def load(self) -> dict:
        model = self.model
        connection = connections[router.db_for_read(model)]
        sql = session_sql(model, connection.alias, connection.vendor)
        # The same value, converted the same way, as the ORM's `expire_date__gt=timezone.now()`.
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.session_key, now])
            row = cursor.fetchone()
        if row is None:
            # Unknown or expired: an empty session under a new key, as Django's backend does.
            self._session_key = None
            return {}
        return self.decode(row[0])

    def save(self, must_create: bool = False) -> None:
        try:
            super().save(must_create=must_create)
        except UpdateError as error:
            # Django's backend turns every database error on an update into UpdateError ("the session
            # was deleted meanwhile"), which SessionMiddleware answers with 400 Bad Request. A database
            # that is down or hanging is an outage: let it reach the 503 page (triage/web/errors.py).
            if isinstance(error.__context__, OperationalError | InterfaceError):
                raise error.__context__ from None
            raise
