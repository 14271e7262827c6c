from pathlib import Path

import pytest

# The shared fixtures sit beside the repository: <repo>/../shared (read-only, never written).
ADF_FIXTURES = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures" / "adf"


@pytest.fixture
def fixture_bytes():
    """Read one of the shared lead documents by file name."""

    def read(name: str) -> bytes:
        return (ADF_FIXTURES / name).read_bytes()

    return read
