"""Exchange with other health systems: the published questionnaire and saved assessments in FHIR R4
(`fhir`, pure), and the service that feeds it releases and assessments (`exports`)."""
