"""Request plumbing shared by every URL: error pages, client addresses, rate limits, database faults."""
