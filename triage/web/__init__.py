"""Request plumbing shared by every page: middleware, structured logs, sessions, static files and
the health checks."""
