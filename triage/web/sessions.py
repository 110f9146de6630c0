"""Sessions in the database, as Django's own backend keeps them, read with one plain query.

Every questionnaire page reads the session; building and compiling the ORM query for it cost more
than the query itself. Saving, creating, expiring and clearing are Django's own code, unchanged.
"""

from __future__ import annotations

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connections, router
from django.utils import timezone


class SessionStore(DatabaseSessionStore):
    def load(self) -> dict:
        model = self.model
        connection = connections[router.db_for_read(model)]
        quote = connection.ops.quote_name
        column = {
            name: quote(model._meta.get_field(name).column)
            for name in ("session_key", "session_data", "expire_date")
        }
        sql = (
            f"SELECT {column['session_data']} FROM {quote(model._meta.db_table)} "
            f"WHERE {column['session_key']} = %s AND {column['expire_date']} > %s"
        )
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
