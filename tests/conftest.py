import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from datasette.app import Datasette

import build_db

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SITE_FILES = ("metadata.yml", "settings.json", "plugins", "templates", "static")


def copy_package(source_dir, target_dir):
    """A package directory: the project's datapackage.json with the CSVs of source_dir/data."""
    target_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "datapackage.json", target_dir / "datapackage.json")
    shutil.copytree(source_dir / "data", target_dir / "data")
    return target_dir


def make_site(site_dir, package_dir):
    """A Datasette configuration directory like the project root, serving a database built from package_dir."""
    site_dir.mkdir(parents=True, exist_ok=True)
    for name in SITE_FILES:
        if (ROOT / name).exists():
            (site_dir / name).symlink_to(ROOT / name)
    (site_dir / "datapackage.json").symlink_to(package_dir / "datapackage.json")
    (site_dir / "data").symlink_to(package_dir / "data")
    build_db.build(site_dir / "tracker.db", package_dir / "datapackage.json", ROOT / "metadata.yml")
    return site_dir


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(site_dir):
    """Serve site_dir exactly as `make serve` does, on a free port of 127.0.0.1; yield its base URL."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    datasette = Path(sys.executable).with_name("datasette")
    command = [str(datasette), "serve", str(site_dir), "--host", "127.0.0.1", "--port", str(port)]
    # The server's log goes to a file: a pipe nobody reads fills up (64 kB of logged SQL errors) and
    # then blocks the server's next write, with the thread that writes it.
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log, env={**os.environ, "TRACKER_SITE_URL": base})
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        else:
            log.seek(0)
            raise RuntimeError("Datasette did not start: " + log.read().decode())
        yield base
    finally:
        process.terminate()
        process.wait(10)
        log.close()


@pytest.fixture
def minimal_package(tmp_path):
    return copy_package(FIXTURES / "minimal", tmp_path / "package")


@pytest.fixture
def minimal_db(tmp_path, minimal_package):
    return build_db.build(tmp_path / "out" / "tracker.db", minimal_package / "datapackage.json", ROOT / "metadata.yml")


@pytest.fixture(scope="session")
def real_site(tmp_path_factory):
    return make_site(tmp_path_factory.mktemp("site"), ROOT)


@pytest.fixture(scope="session")
async def real_datasette(real_site):
    datasette = Datasette(config_dir=real_site)
    await datasette.invoke_startup()
    return datasette


@pytest.fixture
async def minimal_datasette(tmp_path, minimal_package):
    datasette = Datasette(config_dir=make_site(tmp_path / "site", minimal_package))
    await datasette.invoke_startup()
    return datasette
