from __future__ import annotations

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the real knowledge base and scenarios from fixtures/, loaded
    into the draft and published as release v1, as `manage.py load_knowledge` does on a new site."""
    with django_db_blocker.unblock():
        call_command("load_knowledge", verbosity=0)


@pytest.fixture(autouse=True)
def no_rate_limits(settings):
    """The suite posts thousands of times from one address in a minute; tests/test_rate_limits.py
    turns the limits back on where they are the subject."""
    from django.core.cache import cache

    cache.clear()
    settings.RATE_LIMIT_POSTS = settings.RATE_LIMIT_ASSESSMENTS = ""


@pytest.fixture
def knowledge(db):
    from triage.knowledge import get_knowledge

    return get_knowledge()


def staff_in_group(django_user_model, username: str, group: str):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(username=username, password="not-used", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(db, django_user_model):
    """A staff member in the "Clinical editor" group: edits the draft and scenarios, cannot publish."""
    return staff_in_group(django_user_model, "editor", "Clinical editor")


@pytest.fixture
def lead(db, django_user_model):
    """A staff member in the "Clinical lead" group: can also publish and roll back."""
    return staff_in_group(django_user_model, "lead", "Clinical lead")
