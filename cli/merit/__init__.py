"""merit: screen civil-service applicants against class specifications, and explain every decision."""

__version__ = "0.1.0"
