"""The bot on Slack: a thin front end over the services, with slack_bolt's `AsyncApp` in Socket Mode.

It sits beside `cogs/` (the Discord front end), outside `bot/`, so that dependencies point inward: it imports the
services and the platform port, and nothing in `bot/` or `knowledge/` imports Slack. Modules:

* `app`: `SlackFront`, the app and its Socket Mode connection; `runner`: serving it (alone or with Discord).
* `messages`, `commands`, `interactions`: Slack events, slash commands, shortcuts, buttons and modals in, service
  calls out (`services.answering` for messages and deletions); `reviewers`: who may decide review items.
* `port`: `SlackPort`, the `bot.platform.ChatPort` the services act through; `blocks` and `text`: Block Kit and
  escaping, so nothing the bot posts can ping anyone.
* `workflow`: messages, deletions and review decisions handed to the services (`services.answering`,
  `services.decisions`); review items are posted by the services' publisher, `services.publisher`; `ids`: Slack's
  own ids and ts as the services' refs.
"""
