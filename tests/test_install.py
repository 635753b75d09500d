"""`pip install .` (a built wheel, not editable) gives a `connector` command that finds the bundled
component without the source tree.

To stay fast and offline the fresh virtualenv borrows the test environment's installed dependencies
through a path entry (site-packages of this interpreter, which does not process that directory's own
.pth files, so an editable install of the source tree stays invisible); the wheel itself is
installed with --no-deps.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def _run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(arg) for arg in args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtualenv with the built wheel installed; returns its bin directory."""
    work = tmp_path_factory.mktemp("install")
    # Reuse an installed hatchling (fast, offline); otherwise let `build` fetch it, as pip would.
    isolation = [] if importlib.util.find_spec("hatchling") is None else ["--no-isolation"]
    build = _run(sys.executable, "-m", "build", "--wheel", *isolation, "--outdir", work / "dist", REPO,
                 cwd=work)
    assert build.returncode == 0, build.stdout + build.stderr
    (wheel,) = (work / "dist").glob("connector-*.whl")

    env_dir = work / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    fresh_python = bin_dir / "python"
    site_packages = Path(_run(fresh_python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])",
                              cwd=work).stdout.strip())
    (site_packages / "borrowed_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    install = _run(sys.executable, "-m", "pip", "--python", fresh_python, "install", "--no-deps",
                   "--no-index", "--quiet", wheel, cwd=work)
    assert install.returncode == 0, install.stdout + install.stderr
    return bin_dir


def _clean_env() -> dict[str, str]:
    # Nothing may lead the fresh interpreter back to the source tree.
    return {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}


def test_connector_actions_json_from_the_wheel(installed: Path, tmp_path: Path) -> None:
    result = _run(installed / "connector", "actions", "--json", cwd=tmp_path, env=_clean_env())
    assert result.returncode == 0, result.stderr
    keys = sorted(action["key"] for action in json.loads(result.stdout))
    assert keys == sorted([
        "booksCreateRecord", "booksGetRecord", "booksGetRecords", "booksRawRequest", "booksRemoveRecord",
        "booksUpdateRecord", "crmAddAttachment", "crmRunQuery", "crmCreateRecord", "crmGetRecord",
        "crmGetRecords", "crmRawRequest", "crmRemoveRecord", "crmUpdateRecord"])


def test_connector_validate_passes_from_the_wheel(installed: Path, tmp_path: Path) -> None:
    result = _run(installed / "connector", "validate", cwd=tmp_path, env=_clean_env())
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_component_comes_from_inside_the_wheel(installed: Path, tmp_path: Path) -> None:
    code = "import connector; print(connector.__file__); print(connector.load_component().definitions.root)"
    result = _run(installed / "python", "-c", code, cwd=tmp_path, env=_clean_env())
    assert result.returncode == 0, result.stderr
    module_file, root = result.stdout.split()
    venv_dir = installed.parent
    assert Path(module_file).is_relative_to(venv_dir)
    assert Path(root).is_relative_to(venv_dir) and Path(root).name == "_bundled"
    assert not Path(module_file).is_relative_to(REPO)
