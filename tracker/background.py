"""A function of the build run in a second Python process while the build goes on.

The evidence check (tracker/evidence.py) reads the CSV files on its own and needs nothing the
streaming pass computes, so on a machine with a second core it runs beside the streaming pass
instead of after it: at 100,000 events it is about a quarter of the build's CPU time.

    with background.started(function, *args) as job:  # function: importable; arguments, result picklable
        ...                                            # the build goes on
        result = job.result()                          # waits; raises what function raised

Leaving the block before result() (a problem found, an interruption) kills the child. The child runs
in its own session with no standard error, so a Ctrl-C on the terminal reaches only the build, which
stops it; it dies with the build (PR_SET_PDEATHSIG), even a build killed by SIGKILL.
"""

import contextlib
import os
import pickle
import subprocess
import sys
import threading

# The child: read (sys.path, module, function name, arguments) from stdin, write ("value", result) or
# ("error", exception) to stdout.
CHILD = """
import ctypes, importlib, os, pickle, signal, sys
try:
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: die with the build
except (AttributeError, OSError):
    pass
if os.getppid() != int(sys.argv[1]):
    sys.exit(1)  # the build is already gone
path, module, name, args = pickle.load(sys.stdin.buffer)
sys.path[:] = path
try:
    outcome = ("value", getattr(importlib.import_module(module), name)(*args))
except Exception as error:
    outcome = ("error", error)
try:
    data = pickle.dumps(outcome)
except Exception:
    data = pickle.dumps(("error", RuntimeError(f"{type(outcome[1]).__name__}: {outcome[1]}")))
sys.stdout.buffer.write(data)
"""


class Job:
    def __init__(self, function, args):
        self.process = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(os.getpid())],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        payload = pickle.dumps((list(sys.path), function.__module__, function.__name__, args))
        # A package larger than the pipe's buffer would hold the build until the child has started: a thread writes it.
        self.writer = threading.Thread(target=self._send, args=(payload,), daemon=True)
        self.writer.start()

    def _send(self, payload):
        with contextlib.suppress(OSError):  # a child killed early closes the pipe
            with self.process.stdin:
                self.process.stdin.write(payload)

    def result(self):
        data = self.process.stdout.read()
        self.process.wait()
        self.writer.join()
        if not data:
            raise RuntimeError(f"the background check stopped with exit status {self.process.returncode}")
        kind, value = pickle.loads(data)
        if kind == "error":
            raise value
        return value

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.process.stdout.close()
        self.writer.join()


class Inline:
    """The same interface, run in this process when result() is asked for."""

    def __init__(self, function, args):
        self.function, self.args = function, args

    def result(self):
        return self.function(*self.args)


@contextlib.contextmanager
def started(function, *args, separate=True):
    """separate=False runs function in this process instead (not worth a process for a small input)."""
    if not separate:
        yield Inline(function, args)
        return
    job = Job(function, args)
    try:
        yield job
    finally:
        job.stop()
