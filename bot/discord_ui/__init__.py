"""What the Discord cogs share: answer embeds within Discord's limits, the error path, checks and helpers.

Cogs stay thin: they turn Discord events into service calls (`bot.services`) and service results into
messages built here. Nothing here talks to the database directly.
"""
