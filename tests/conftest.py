import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A private copy of the data package that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target
