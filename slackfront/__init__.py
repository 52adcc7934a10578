"""The bot on Slack: a thin front end over the services, with slack_bolt's `AsyncApp` in Socket Mode.

It sits beside `cogs/` (the Discord front end), outside `bot/`, so that dependencies point inward: it imports the
services and the platform port, and nothing in `bot/` or `knowledge/` imports Slack. Modules:

* `app`: `SlackFront`, the app and its Socket Mode connection; `runner`: serving it (alone or with Discord).
* `messages`, `commands`, `interactions`: Slack events, slash commands, shortcuts, buttons and modals in, service
  calls out (`services.answering` for messages and deletions); `reviewers`: who may decide review items.
* `port`: `SlackPort`, the `bot.platform.ChatPort` the services act through; `blocks` and `text`: Block Kit and
  escaping, so nothing the bot posts can ping anyone.
* Temporary, until the services keep Slack's own id strings and know each review item's platform: `ids` (Slack's
  string ids as the services' numbers) and the review half of `workflow` (posting this workspace's items and
  carrying out decisions on them, in the services' order).
"""
