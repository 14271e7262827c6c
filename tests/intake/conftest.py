from pathlib import Path

import pytest

# Real lead documents as portals and importers send them (tests/fixtures/adf/README.md).
ADF_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "adf"


@pytest.fixture
def fixture_bytes():
    """Read one of the real lead documents by file name."""

    def read(name: str) -> bytes:
        return (ADF_FIXTURES / name).read_bytes()

    return read
