"""The knowledge the engine runs on, from the draft tables to the published release.

- `snapshot`: the pure JSON format of a release, and what differs between two snapshots;
- `draft`: the draft tables clinicians edit, as an engine snapshot;
- `published`: the latest release, which the public questionnaire uses, cached per process;
- `releases`: publishing and rolling back, with every gate;
- `check`: the knowledge check (errors block publishing, warnings are for a clinician to judge);
- `fixtures`: the draft as the fixture files in fixtures/, and back.
"""
