from __future__ import annotations

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the real knowledge base and scenarios from fixtures/, loaded
    into the draft and published as release v1, as `manage.py load_knowledge` does on a new site."""
    with django_db_blocker.unblock():
        call_command("load_knowledge", verbosity=0)


@pytest.fixture
def knowledge(db):
    from triage.knowledge import get_knowledge

    return get_knowledge()
