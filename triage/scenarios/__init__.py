"""Clinical scenarios, pure: the checks shared by pytest, the admin runner and the publishing gates
(`checks`), the four figures of the reasoning (`evaluation`), what no scenario exercises (`coverage`)
and the file format (`formats`). Saved scenarios meet the database in triage/knowledge/scenarios.py."""
