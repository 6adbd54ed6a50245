"""Where the build writes, so that nothing partial is ever servable and no input is ever overwritten.

- The output must be new or an SQLite database, never an input of the build nor inside data/.
- The database and its inspect file are written into a private directory beside the output
  (`.tracker-building-XXXX/`, on the same filesystem so that the final renames are atomic). Datasette
  in configuration-directory mode serves only the *.db files at the top of the directory: a build
  killed midway, even by SIGKILL, leaves nothing it would serve, and the next build removes the leftover.
- One build at a time per output directory (an exclusive lock on the directory itself), so that
  tracker.db and inspect-data.json are always renamed into place as a pair from the same build.
- SIGTERM, like Ctrl-C, interrupts the build cleanly (see interruptible()): the private directory is removed.
"""

import contextlib
import fcntl
import os
import shutil
import signal
import tempfile
from pathlib import Path

from tracker.problems import DataErrors, Problem

INSPECT_FILE = "inspect-data.json"
SQLITE_HEADER = b"SQLite format 3\x00"


def check_output(db_path, inputs, data_dir):
    """Raise DataErrors unless db_path may be (over)written by the build."""
    db_path = Path(db_path)
    target = db_path.resolve()
    fix = "write the database elsewhere, e.g. --output tracker.db"
    inputs = {Path(p).resolve() for p in inputs}
    if target in inputs or target.parent / INSPECT_FILE in inputs:
        what = "is an input of the build" if target in inputs else f"would overwrite an input with its {INSPECT_FILE}"
        problem = Problem(db_path, 0, "--output", what, None, fix)
    elif Path(data_dir).resolve() in target.parents or target == Path(data_dir).resolve():
        problem = Problem(db_path, 0, "--output", "is inside data/, the folder of the package's CSV files", None, fix)
    elif db_path.name == INSPECT_FILE:
        problem = Problem(db_path, 0, "--output", "is the name of the inspect file written beside the database", None, fix)
    elif db_path.is_dir():
        problem = Problem(db_path, 0, "--output", "is a directory", None, "name the database file, e.g. --output site/tracker.db")
    elif db_path.exists() and not is_sqlite(db_path):
        problem = Problem(
            db_path, 0, "--output", "exists and is not an SQLite database", None, "move the file away or " + fix[0].lower() + fix[1:]
        )
    else:
        return
    raise DataErrors([problem])


def is_sqlite(path):
    try:
        with open(path, "rb") as f:
            return f.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def cannot_write(db_path, error):
    what = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    return DataErrors([Problem(db_path, 0, "--output", "cannot be written", what, "choose a folder you can write to, with free space")])


@contextlib.contextmanager
def private_directory(db_path, say=print):
    """Yield an empty private directory beside db_path, holding the output directory's lock; remove it
    when done. Leftovers of builds killed earlier are removed first. Raises DataErrors if the output
    directory cannot be made or written."""
    parent = Path(db_path).parent
    created = missing_ancestors(parent)
    try:
        parent.mkdir(parents=True, exist_ok=True)
        lock = os.open(parent, os.O_RDONLY)
    except OSError as error:
        remove_empty(created)
        raise cannot_write(db_path, error) from None
    work = None
    try:
        try:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                say(f"waiting for another build writing to {parent}")
                fcntl.flock(lock, fcntl.LOCK_EX)
            remove_leftovers(parent, Path(db_path).stem)
            work = Path(tempfile.mkdtemp(prefix=f".{Path(db_path).stem}-building-", dir=parent))
        except OSError as error:
            raise cannot_write(db_path, error) from None
        yield work
    except BaseException:
        if work is not None:
            with signals_held():
                shutil.rmtree(work, ignore_errors=True)
        os.close(lock)
        remove_empty(created)
        raise
    else:
        shutil.rmtree(work, ignore_errors=True)
        os.close(lock)


def publish(work, db_path):
    """Move the database and its inspect file from work into place, the pair with no signal in between."""
    db_path = Path(db_path)
    with signals_held():
        os.replace(work / db_path.name, db_path)
        os.replace(work / INSPECT_FILE, db_path.parent / INSPECT_FILE)


def remove_leftovers(parent, stem):
    """What builds killed earlier left: private directories, and the temporary files of older versions of the build."""
    for path in parent.glob(f".{stem}-building-*"):
        shutil.rmtree(path, ignore_errors=True)
    for path in parent.glob(f".{stem}-????????.*"):
        if path.suffix in (".db", ".json") and path.is_file():
            path.unlink()


def missing_ancestors(directory):
    missing = []
    while not directory.exists() and directory != directory.parent:
        missing.append(directory)
        directory = directory.parent
    return missing


def remove_empty(directories):
    for directory in directories:  # deepest first
        with contextlib.suppress(OSError):
            directory.rmdir()


@contextlib.contextmanager
def signals_held():
    """Delay SIGINT and SIGTERM while files are moved or removed, so that an interruption never stops it halfway."""
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


class Interrupted(BaseException):
    """SIGTERM or SIGINT during the build: unwinds like Ctrl-C, so every cleanup runs."""

    def __init__(self, signum):
        super().__init__(signum)
        self.signum = signum


@contextlib.contextmanager
def interruptible():
    """For the command line: SIGTERM and SIGINT raise Interrupted in the main thread."""

    def interrupt(signum, frame):
        raise Interrupted(signum)

    previous = {s: signal.signal(s, interrupt) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
