from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from triage.models import Assessment

pytestmark = pytest.mark.django_db


def make(days_old: int) -> Assessment:
    assessment = Assessment.objects.create(answers={}, result={"urgency": "routine"}, urgency="routine")
    Assessment.objects.filter(pk=assessment.pk).update(created_at=timezone.now() - timedelta(days=days_old))
    return assessment


def test_it_deletes_assessments_older_than_the_retention_period(settings):
    settings.ASSESSMENT_RETENTION_DAYS = 30
    old, recent = make(31), make(29)
    call_command("purge_assessments")
    assert list(Assessment.objects.all()) == [recent]
    assert not Assessment.objects.filter(pk=old.pk).exists()


def test_the_number_of_days_can_be_given(capsys):
    make(10)
    make(3)
    call_command("purge_assessments", days=5)
    assert Assessment.objects.count() == 1
    assert "Deleted 1 assessment(s)" in capsys.readouterr().out


def test_it_refuses_zero_days():
    with pytest.raises(CommandError):
        call_command("purge_assessments", days=0)
