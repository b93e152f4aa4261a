"""Shared fixtures: the repository's test vectors and the `clusprop` command."""

import os
import pathlib
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]


def vectors_dir() -> pathlib.Path:
    """The vectors folder: $CLUSPROP_VECTORS, as for the Rust suites, else the repository's."""
    return pathlib.Path(os.environ.get("CLUSPROP_VECTORS", REPO / "testkit" / "vectors"))


def all_vectors():
    """Every vector file, sorted by name."""
    found = sorted(vectors_dir().glob("*.bin"))
    assert found, f"no vectors in {vectors_dir()}"
    return found


# The bare value lists among the vectors (testkit/vectors/README.md).
VALUE_LISTS = {"V10.bin", "V11.bin"}


def vector(name: str) -> bytes:
    """The bytes of one vector."""
    return (vectors_dir() / name).read_bytes()


class Cli:
    """Runs the built `clusprop` binary ($CLUSPROP_CLI, set by scripts/python-test)."""

    def __init__(self, path: str) -> None:
        self.path = path

    def run(self, *args: str, stdin: bytes = b"") -> subprocess.CompletedProcess:
        return subprocess.run(
            [self.path, *args], input=stdin, capture_output=True, timeout=60, check=False
        )


@pytest.fixture(scope="session")
def cli() -> Cli:
    path = os.environ.get("CLUSPROP_CLI") or str(REPO / "target" / "debug" / "clusprop")
    if not os.access(path, os.X_OK):
        raise RuntimeError(
            f"the clusprop command is not built at {path}: run `cargo build -p clusprop-cli` "
            "or set CLUSPROP_CLI (scripts/python-test does both)"
        )
    return Cli(path)
