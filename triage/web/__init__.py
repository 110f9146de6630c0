"""Request plumbing shared by every URL: middleware (body limits, client addresses, rate limits,
database faults), structured logs, sessions, static files, error pages and the health checks."""
