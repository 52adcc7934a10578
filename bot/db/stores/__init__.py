"""Typed repositories bound to one transaction's session: what `bot.db.storage.Transaction` hands the services.

Each method hides the session and returns records (`bot.domain`), never ORM rows; whether a method commits is
the transaction's business (`Transaction.commit`), except where a method says it commits.
"""
