"""Queries by topic. Each function takes the caller's session; the caller owns the transaction."""
