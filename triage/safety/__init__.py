"""The clinical safety case (NHS England's DCB0129): the evidence for each control of the hazard log
(`evidence`) and each release's safety case report (`report`)."""
