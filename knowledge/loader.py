"""Load the knowledge base from incident YAML files and ClaimReview feeds, reporting every problem.

A path is a file or a directory; a directory contributes the knowledge files directly inside it
(not in sub-directories, not hidden ones), in name order. ``*.yaml``/``*.yml`` files hold one
incident each, named after its id; ``*.json``/``*.jsonld``/``*.jsonl`` files hold schema.org
ClaimReview items (see :mod:`knowledge.claimreview`). A bad file or item is reported and skipped;
everything else still loads.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from knowledge.base import KnowledgeBase
from knowledge.claimreview import ImportResult, read_claimreview
from knowledge.errors import LoadError, LoadNote, Loc, validation_errors
from knowledge.examples import EXAMPLES_FOLDER, Example, examples_beside
from knowledge.schema import Incident, Verdict

DEFAULT_KNOWLEDGE_DIR = Path(__file__).parent / "incidents"
INCIDENT_SUFFIXES = (".yaml", ".yml")
CLAIMREVIEW_SUFFIXES = (".json", ".jsonld", ".jsonl")
_MIB = 1024 * 1024
_MERGE_TAG = "tag:yaml.org,2002:merge"
_NULL_TAG = "tag:yaml.org,2002:null"
_MAX_FLOW_DEPTH = 100  # brackets, counted even inside quotes: a loose bound


@dataclass(frozen=True)
class Limits:
    """Size caps that keep a broken or hostile file from exhausting memory."""

    incident_bytes: int = 5 * _MIB
    claimreview_bytes: int = 200 * _MIB
    yaml_nodes: int = 100_000  # values in an incident once YAML aliases are expanded


@dataclass(frozen=True)
class LoadResult:
    """The incidents that loaded, the problems that kept others out, and how many files were read."""

    knowledge: KnowledgeBase
    errors: tuple[LoadError, ...] = ()
    files: int = 0
    notes: tuple[LoadNote, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether everything loaded (notes allowed)."""
        return not self.errors


class _IncidentYamlLoader(yaml.SafeLoader):
    """The safe loader, with plain scalars kept as text: ``verdict: false`` is a verdict, ``105`` a term.

    Only ``null`` (and ``~`` or nothing) and merge keys are implicit; pydantic parses dates from text.
    """


_IncidentYamlLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag in (_NULL_TAG, _MERGE_TAG)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _FileProblem(Exception):
    def __init__(self, message: str, location: str = "", line: int | None = None) -> None:
        super().__init__(message)
        self.message, self.location, self.line = message, location, line


def load_knowledge(paths: Sequence[Path] | None = None, *, limits: Limits | None = None) -> LoadResult:
    """Load incidents from files and directories (the packaged incidents when ``paths`` is None).

    Never raises for bad input: missing paths, unreadable or malformed files and invalid incidents
    become ``LoadError``s, and an incident whose id was already loaded is rejected, naming both files.
    """
    limits = limits or Limits()
    files, errors = _expand([Path(path) for path in paths] if paths is not None else [DEFAULT_KNOWLEDGE_DIR])
    notes: list[LoadNote] = []
    origin: dict[str, Path] = {}
    incidents: list[Incident] = []
    for file in files:
        result = _load_file(file, limits)
        errors.extend(result.errors)
        notes.extend(result.notes)
        for incident in result.incidents:
            if incident.id in origin:
                message = f"duplicate incident id {incident.id!r}, already loaded from {origin[incident.id]}"
                errors.append(LoadError(file, "id", message))
            else:
                origin[incident.id] = file
                incidents.append(incident)
    examples = _examples(paths, origin, errors, notes)
    return LoadResult(KnowledgeBase.of(incidents, examples), tuple(errors), len(files), tuple(notes))


def _examples(
    paths: Sequence[Path] | None, origin: dict[str, Path], errors: list[LoadError], notes: list[LoadNote]
) -> list[Example]:
    """The labelled examples in the given folders' ``examples/`` sub-folders; those about incidents that did not
    load are left out, with a note.
    """  # noqa: D205
    found: list[Example] = []
    directories = [Path(path) for path in paths] if paths is not None else [DEFAULT_KNOWLEDGE_DIR]
    for directory in directories:
        if directory.is_dir():
            examples, problems = examples_beside(directory)
            found.extend(examples)
            errors.extend(problems)
    kept = [example for example in found if example.incident is None or example.incident in origin]
    if len(kept) < len(found):
        where = ", ".join(str(directory / EXAMPLES_FOLDER) for directory in directories)
        notes.append(LoadNote(where, "", f"{len(found) - len(kept)} example(s) about incidents not loaded: left out"))
    return kept


def knowledge_stats(knowledge: KnowledgeBase) -> dict[str, object]:
    """Counts for ``kb stats``: incidents, claims, statements, links, phrasings, examples, claims per verdict."""
    claims = [claim for incident in knowledge for claim in incident.claims]
    by_verdict = Counter(claim.verdict for claim in claims)
    return {
        "incidents": len(knowledge),
        "claims": len(claims),
        "statements": sum(len(incident.statements) for incident in knowledge),
        "links": sum(len(incident.links) for incident in knowledge),
        "phrasings": sum(len(claim.phrasings) for claim in claims),
        "examples": len(knowledge.examples),
        "by_verdict": {verdict.value: by_verdict[verdict] for verdict in Verdict},
    }


def _expand(paths: list[Path]) -> tuple[list[Path], list[LoadError]]:
    files: list[Path] = []
    errors: list[LoadError] = []
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found = list(_knowledge_files(path))
        elif path.is_file():
            found = [path]
            if path.suffix.lower() not in INCIDENT_SUFFIXES + CLAIMREVIEW_SUFFIXES:
                errors.append(LoadError(path, "", f"not a knowledge file (expected {_suffix_list()})"))
                continue
        else:
            errors.append(LoadError(path, "", "no such file or directory"))
            continue
        for file in found:
            if file.resolve() not in seen:
                seen.add(file.resolve())
                files.append(file)
    return files, errors


def _knowledge_files(directory: Path) -> Iterator[Path]:
    for path in sorted(directory.iterdir()):
        known = path.suffix.lower() in INCIDENT_SUFFIXES + CLAIMREVIEW_SUFFIXES
        if known and path.is_file() and not path.name.startswith("."):
            yield path


def _suffix_list() -> str:
    return ", ".join(INCIDENT_SUFFIXES + CLAIMREVIEW_SUFFIXES)


def _load_file(path: Path, limits: Limits) -> ImportResult:
    incident_file = path.suffix.lower() in INCIDENT_SUFFIXES
    try:
        text = _read_text(path, limits.incident_bytes if incident_file else limits.claimreview_bytes)
        if not incident_file:
            return read_claimreview(text, path, jsonl=path.suffix.lower() == ".jsonl")
        return _load_incident(path, text, limits)
    except _FileProblem as problem:
        return ImportResult((), (LoadError(path, problem.location, problem.message, problem.line),))


def _read_text(path: Path, max_bytes: int) -> str:
    try:
        if path.stat().st_size > max_bytes:
            raise _FileProblem(f"file is larger than the {_size(max_bytes)} limit")
        with path.open("rb") as stream:
            data = stream.read(max_bytes + 1)
    except OSError as exc:
        raise _FileProblem(f"cannot read the file: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:
        raise _FileProblem(f"file is larger than the {_size(max_bytes)} limit")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _FileProblem(f"not UTF-8 text: byte 0x{data[exc.start]:02x} at offset {exc.start}") from exc


def _size(count: int) -> str:
    return f"{count / _MIB:g} MiB" if count >= _MIB else f"{count} bytes"


def _load_incident(path: Path, text: str, limits: Limits) -> ImportResult:
    data, root = _parse_yaml(text, limits)
    if data is None or root is None:
        raise _FileProblem("empty file: expected an incident (a mapping of fields)")
    if not isinstance(data, dict):
        raise _FileProblem(f"expected a mapping of incident fields at the top level, got {_kind(data)}", line=1)
    errors = _name_errors(path, data, root)
    try:
        incident = Incident.model_validate(data)
    except ValidationError as exc:
        errors.extend(validation_errors(path, exc, line_of=lambda loc: _line_of(root, loc)))
        return ImportResult((), tuple(errors))
    return ImportResult(() if errors else (incident,), tuple(errors))


def _name_errors(path: Path, data: dict[object, object], root: yaml.Node) -> list[LoadError]:
    incident_id = data.get("id")
    if not isinstance(incident_id, str) or incident_id.strip() == path.stem:
        return []
    message = f"incident id {incident_id!r} does not match the file name {path.name!r}"
    message += f": the file should be named {incident_id.strip()}{path.suffix}"
    return [LoadError(path, "id", message, _line_of(root, ("id",)))]


def _kind(value: object) -> str:
    names = {list: "a list", str: "a string", int: "a number", float: "a number", bool: "a boolean"}
    return names.get(type(value), f"a {type(value).__name__}")


def _parse_yaml(text: str, limits: Limits) -> tuple[object, yaml.Node | None]:
    """Parse one YAML document with the safe loader, keeping the node tree for line numbers."""
    _check_flow_depth(text)
    loader = _IncidentYamlLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None, None
        _check_nodes(root, limits.yaml_nodes)
        return loader.construct_document(root), root
    except yaml.MarkedYAMLError as exc:
        raise _yaml_problem(exc) from exc
    except yaml.YAMLError as exc:
        raise _FileProblem(f"invalid YAML: {exc}") from exc
    except RecursionError as exc:
        raise _FileProblem("invalid YAML: nested too deeply") from exc
    finally:
        loader.dispose()


def _check_flow_depth(text: str) -> None:
    """Refuse deeply nested ``[``/``{`` before parsing: PyYAML's scanner is quadratic in flow depth."""
    depth = 0
    for char in text:
        if char in "[{":
            depth += 1
            if depth > _MAX_FLOW_DEPTH:
                raise _FileProblem(f"invalid YAML: nested more than {_MAX_FLOW_DEPTH} levels deep")
        elif char in "]}":
            depth = max(depth - 1, 0)


def _yaml_problem(exc: yaml.MarkedYAMLError) -> _FileProblem:
    message = f"invalid YAML: {exc.problem or exc.context or 'syntax error'}"
    if exc.problem and exc.context:
        at = f" at {_place(exc.context_mark)}" if exc.context_mark else ""
        message += f" ({exc.context}{at})"
    mark = exc.problem_mark or exc.context_mark
    return _FileProblem(message, _place(mark), mark.line + 1) if mark else _FileProblem(message)


def _place(mark: yaml.Mark) -> str:
    return f"line {mark.line + 1}, column {mark.column + 1}"


def _check_nodes(root: yaml.Node, max_nodes: int) -> None:
    """Reject duplicate keys, recursive aliases and alias 'bombs' before building any Python object."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in open_nodes:
            raise _marked("recursive YAML alias", node)
        open_nodes.add(key)
        total = 1 + sum(size(child) for child in _children(node))
        open_nodes.discard(key)
        if total > max_nodes:
            raise _marked(f"document too large: more than {max_nodes} values once YAML aliases are expanded", node)
        sizes[key] = total
        return total

    size(root)


def _children(node: yaml.Node) -> Iterator[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        yield from node.value
    elif isinstance(node, yaml.MappingNode):
        keys: set[str] = set()
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.tag != _MERGE_TAG:
                if key.value in keys:
                    raise _marked(f"duplicate key {key.value!r}", key)
                keys.add(key.value)
            yield key
            yield value


def _marked(message: str, node: yaml.Node) -> _FileProblem:
    return _FileProblem(message, _place(node.start_mark), node.start_mark.line + 1)


def _line_of(root: yaml.Node, loc: Loc) -> int | None:
    """The line of the YAML node at a pydantic ``loc``, or of the nearest enclosing node that exists."""
    node = root
    for part in loc:
        child = _child(node, part)
        if child is None:
            break
        node = child
    return node.start_mark.line + 1


def _child(node: yaml.Node, part: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        return next((value for key, value in node.value if getattr(key, "value", None) == part), None)
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return node.value[part]
    return None
