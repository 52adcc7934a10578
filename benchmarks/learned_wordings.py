"""Learned wordings on the labelled sets: what moderators' approvals would teach, and what it must not change.

python benchmarks/learned_wordings.py [--all] [--no-semantic]

As if a server's moderators approved, as a post of its claim, every labelled positive the matcher does not already
answer (``--all``: every labelled positive): how many wordings are learned or refused (and why), how many of them
and of their close variants (a word added, a word dropped, one typo) are then answered, and whether any labelled
negative or held-out related or unrelated message gets an automatic answer it did not get before. Then the cost of
applying the lessons to a message (chat, and messages about an incident).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge.matching.evaluation import load_incidents, load_labelled  # noqa: E402
from knowledge.matching.learned import LearnedWordings, Wording, clean_wording, refusal  # noqa: E402
from knowledge.matching.matcher import Matcher  # noqa: E402
from knowledge.matching.types import Action  # noqa: E402
from knowledge.semantic.encoder import SemanticConfig, load_semantic  # noqa: E402

DATA = ROOT / "tests/knowledge/data"
CHAT = ("lol did you see the game last night", "anyone want pizza later", "my cat knocked the plant over again")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--all", action="store_true", help="learn every labelled positive, answered or not")
    parser.add_argument("--no-semantic", action="store_true", help="switch the semantic layer off")
    return parser.parse_args()


def _replies(matcher: Matcher, lessons: LearnedWordings | None, text: str) -> list[tuple[str, str]]:
    matches = matcher.match(text)
    if lessons is not None:
        matches = lessons.adjust(text, matches)
    return [(m.incident_id, m.claim_id) for m in matches if m.action is Action.REPLY]


def _variants(text: str) -> list[str]:
    words = text.split()
    long = max(range(len(words)), key=lambda index: len(words[index]))
    typo = words[long][:-2] + words[long][-1] + words[long][-2] if len(words[long]) > 4 else words[long]
    return [f"{text} smh", " ".join(words[1:]), " ".join([*words[:long], typo, *words[long + 1 :]])]


def main() -> None:
    """Print the figures."""
    arguments = _arguments()
    semantic = None if arguments.no_semantic else load_semantic(SemanticConfig())
    matcher = Matcher(load_incidents(ROOT / "knowledge/incidents"), semantic=semantic)
    labelled = load_labelled(DATA / "labelled_messages.yaml")
    examples = ROOT / "knowledge/incidents/examples/heldout_messages.jsonl"
    held_out = [json.loads(line) for line in examples.read_text().splitlines() if line]
    taught, refused = [], Counter[str]()
    for message in labelled:
        key = (message.incident or "", message.claim or "")
        if not message.positive or (not arguments.all and key in _replies(matcher, None, message.text)):
            continue
        wording = Wording(*key, clean_wording(message.text))
        reason = refusal(matcher, wording)
        if reason is None:
            taught.append(wording)
        else:
            refused[reason.split(":")[0].split(" (")[0]] += 1
    lessons = LearnedWordings(matcher, taught)
    print(f"semantic layer: {'on' if matcher.semantic else 'off'}")
    print(f"learned {len(taught)} wordings, refused {sum(refused.values())}: {dict(refused)}")
    again = sum((w.incident_id, w.claim_id) in _replies(matcher, lessons, w.text) for w in taught)
    print(f"learned wordings answered when posted again: {again}/{len(taught)}")
    variants = [(w, text) for w in taught for text in _variants(w.text)]
    before = sum((w.incident_id, w.claim_id) in _replies(matcher, None, text) for w, text in variants)
    after = sum((w.incident_id, w.claim_id) in _replies(matcher, lessons, text) for w, text in variants)
    print(f"close variants answered: {before}/{len(variants)} before, {after}/{len(variants)} after")
    groups = {
        "labelled none": [m.text for m in labelled if not m.positive],
        "held-out related": [m["text"] for m in held_out if m["label"] == "related"],
        "held-out unrelated": [m["text"] for m in held_out if m["label"] == "unrelated"],
    }
    for name, texts in groups.items():
        was = sum(bool(_replies(matcher, None, text)) for text in texts)
        now = sum(bool(_replies(matcher, lessons, text)) for text in texts)
        new = [text for text in texts if _replies(matcher, lessons, text) != _replies(matcher, None, text)]
        print(f"{name}: {len(texts)} messages, answered {was} before, {now} after, changed {len(new)}")
    misinfo = [m for m in held_out if m["label"] == "misinfo"]
    was = sum(any(i == m["incident"] for i, _ in _replies(matcher, None, m["text"])) for m in misinfo)
    now = sum(any(i == m["incident"] for i, _ in _replies(matcher, lessons, m["text"])) for m in misinfo)
    print(f"held-out misinformation answered (right incident): {was}/{len(misinfo)} before, {now} after")
    for name, texts in (("chat", list(CHAT) * 300), ("about an incident", [m["text"] for m in held_out] * 3)):
        started = time.perf_counter()
        for text in texts:
            lessons.adjust(text, [])
        print(f"applying {len(taught)} lessons, {name}: {(time.perf_counter() - started) / len(texts) * 1e6:.0f} µs")


if __name__ == "__main__":
    main()
