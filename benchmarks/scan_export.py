"""How long ``python -m bot scan`` takes on a generated chat export (default: 50,000 messages, target < 30 s).

python benchmarks/scan_export.py [--messages 50000] [--format discord|slack] [--workers N] [--runs N]
                                 [--keep DIR] [--html]

The export mixes ordinary chat (random words, links, mentions), bots and system notices with the labelled
messages (claims and hard negatives, about 6%), over 60 days in 4 channels. The time is the wall clock of the
whole command in a fresh process (interpreter start, knowledge load, reading, matching, printing), best of
``--runs``; link fetching is off.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
LABELLED = ROOT / "tests/knowledge/data/labelled_messages.yaml"
CHANNELS = ("general", "news", "off-topic", "memes")
START = dt.datetime(2026, 9, 1, tzinfo=dt.UTC)
DAYS = 60
WORDS_TEXT = """
the a and to of in is it you that i for on was with he they be at this have from or one had by but not what
all were we when your can said there use an each which she do how their if will up other about out many then
them these so some her would make like him into time has look two more write go see number no way could people
my than first water been call who oil its now find long down day did get come made may part lol lmao ngl tbh
game tonight stream anyone know how fix my pc update server patch bug lag ping discord voice chat music song
album new drop weekend plans pizza burger coffee tea work school exam homework teacher class meeting boss
traffic weather rain sunny cold hot dog cat pet photo video clip meme funny sad happy tired sleep morning
night late early ok okay yes yeah nah maybe sure thanks thank bro dude guys everyone hello hi hey gm gn brb
"""
WORDS = tuple(WORDS_TEXT.split())
DOMAINS = ("example.com", "example.org", "video.example.net", "news.example.com")


def labelled() -> tuple[list[str], list[str]]:
    """The labelled claim messages (reply or review expected) and the hard negatives."""
    entries = yaml.safe_load(LABELLED.read_text(encoding="utf-8"))["messages"]
    claims = [entry["text"] for entry in entries if entry["expect"] in {"reply", "review"}]
    negatives = [entry["text"] for entry in entries if entry["expect"] == "none"]
    return claims, negatives


def filler(rng: random.Random) -> str:
    """An ordinary chat message."""
    words = rng.choices(WORDS, k=rng.randint(2, 24))
    if rng.random() < 0.05:
        words.append(f"https://{rng.choice(DOMAINS)}/{rng.randint(1, 10**6)}")
    if rng.random() < 0.05:
        words.insert(0, f"@user{rng.randint(1, 200)}")
    return " ".join(words)


def message_texts(count: int, seed: int) -> list[tuple[str, str]]:
    """``count`` (kind, text) pairs: kind is member, bot or system."""
    rng = random.Random(seed)
    claims, negatives = labelled()
    texts: list[tuple[str, str]] = []
    for _ in range(count):
        roll = rng.random()
        if roll < 0.04:
            texts.append(("member", rng.choice(claims)))
        elif roll < 0.06:
            texts.append(("member", rng.choice(negatives)))
        elif roll < 0.08:
            texts.append(("bot", filler(rng)))
        elif roll < 0.09:
            texts.append(("system", "Joined the server."))
        else:
            texts.append(("member", filler(rng)))
    return texts


def dce_export(count: int, seed: int, channel: int = 0) -> dict[str, Any]:
    """A DiscordChatExporter export of one channel, with the fields the real tool writes."""
    rng = random.Random(seed + 1)
    base = 1_300_000_000_000_000_000
    messages = []
    step = DAYS * 86_400 / max(count, 1)
    for number, (kind, text) in enumerate(message_texts(count, seed)):
        sent = START + dt.timedelta(seconds=number * step)
        user = rng.randint(1, 200)
        messages.append(
            {
                "id": str(base + number),
                "type": "GuildMemberJoin" if kind == "system" else "Default",
                "timestamp": sent.isoformat(timespec="milliseconds"),
                "timestampEdited": None,
                "callEndedTimestamp": None,
                "isPinned": False,
                "content": text,
                "author": {
                    "id": str(900_000_000_000_000_000 + user),
                    "name": f"user{user}",
                    "discriminator": "0000",
                    "nickname": f"User {user}",
                    "color": None,
                    "isBot": kind == "bot",
                    "roles": [],
                    "avatarUrl": "https://cdn.discordapp.com/embed/avatars/0.png",
                },
                "attachments": [],
                "embeds": [],
                "stickers": [],
                "reactions": [],
                "mentions": [],
                "inlineEmojis": [],
            }
        )
    return {
        "guild": {"id": "1200000000000000000", "name": "Benchmark server", "iconUrl": ""},
        "channel": {
            "id": str(1_210_000_000_000_000_000 + channel),
            "type": "GuildTextChat",
            "categoryId": None,
            "category": None,
            "name": CHANNELS[channel % len(CHANNELS)],
            "topic": None,
        },
        "dateRange": {"after": None, "before": None},
        "exportedAt": "2026-12-01T00:00:00+00:00",
        "messages": messages,
        "messageCount": len(messages),
    }


def write_slack(directory: Path, count: int, seed: int) -> None:
    """A Slack export folder of ``count`` messages over the channels, one file per channel per day."""
    channels = [{"id": f"C{index:08d}", "name": name} for index, name in enumerate(CHANNELS)]
    users = [{"id": f"U{index:08d}", "name": f"user{index}", "real_name": f"User {index}"} for index in range(200)]
    (directory / "channels.json").write_text(json.dumps(channels), encoding="utf-8")
    (directory / "users.json").write_text(json.dumps(users), encoding="utf-8")
    rng = random.Random(seed + 2)
    days: dict[tuple[str, str], list[dict[str, Any]]] = {}
    step = DAYS * 86_400 / max(count, 1)
    for number, (kind, text) in enumerate(message_texts(count, seed)):
        sent = START + dt.timedelta(seconds=number * step)
        channel = rng.choice(CHANNELS)
        message: dict[str, Any] = {"type": "message", "text": text, "ts": f"{sent.timestamp():.6f}"}
        if kind == "bot":
            message.update(subtype="bot_message", bot_id="B01")
        else:
            message["user"] = f"U{rng.randint(0, 199):08d}"
        if kind == "system":
            message.update(subtype="channel_join", text="<@U00000001> has joined the channel")
        days.setdefault((channel, f"{sent:%Y-%m-%d}"), []).append(message)
    for (channel, day), messages in days.items():
        (directory / channel).mkdir(exist_ok=True)
        (directory / channel / f"{day}.json").write_text(json.dumps(messages), encoding="utf-8")


def _time(command: list[str]) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds (user + system, all processes) and standard output of a command."""
    environment = {**os.environ, "LINK_FETCHING": "false"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=True, env=environment, cwd=ROOT)  # noqa: S603
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout


def main() -> None:
    """Generate the export, run the scan, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=50_000)
    parser.add_argument("--format", choices=("discord", "slack"), default="discord")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--workers", type=int, default=1, help="scan --workers")
    parser.add_argument("--keep", type=Path, help="Write the export there and keep it.")
    parser.add_argument("--html", action="store_true", help="Also write the HTML report (timed with the rest).")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        directory = arguments.keep or Path(scratch)
        directory.mkdir(parents=True, exist_ok=True)
        if arguments.format == "discord":
            target = directory / "export.json"
            target.write_text(json.dumps(dce_export(arguments.messages, arguments.seed)), encoding="utf-8")
        else:
            target = directory / "slack-export"
            target.mkdir(exist_ok=True)
            write_slack(target, arguments.messages, arguments.seed)
        command = [sys.executable, "-m", "bot", "--env-file", os.devnull, "scan", str(target)]
        if arguments.html:
            command += ["--html", str(directory / "report.html")]
        command += ["--workers", str(arguments.workers)]
        timings, cpu = [], []
        for _ in range(arguments.runs):
            seconds, used, output = _time(command)
            timings.append(seconds)
            cpu.append(used)
        size = sum(file.stat().st_size for file in directory.rglob("*.json")) / 2**20
        print(f"{arguments.messages:,} messages ({arguments.format}, {size:.1f} MiB of JSON)")
        print("\n".join(output.splitlines()[:2]))
        print(f"scan wall time: best {min(timings):.2f} s of {len(timings)} run(s): {[round(t, 2) for t in timings]}")
        print(f"CPU time (user + system, workers included): {[round(t, 2) for t in cpu]} s")
        print(f"per message: {min(timings) / arguments.messages * 1000:.3f} ms wall (process start included)")
        print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
