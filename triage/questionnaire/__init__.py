"""The public questionnaire: its URLs and views, the step forms, the journey through the steps
(`journey`: where a person is and where they may go), the results data, and template tags."""
