"""A function of the build run in a second Python process while the build goes on.

The evidence check (tracker/evidence.py) and the search index (tracker/search_index.py) read the
CSV files on their own and need nothing the streaming pass computes, so on a machine with a second
core they run beside the build instead of after it: at 100,000 events they are more than half of
the build's CPU time.

    with background.started(function, *args) as job:  # function: importable; arguments, result picklable
        ...                                            # the build goes on
        result = job.result()                          # waits; raises what function raised

A generator function gives a result for each value it yields, each result() the next one, as soon as
the child has it: one child can do two pieces of work that read the same files (tracker/csv_work.py).

Leaving the block before result() (a problem found, an interruption) kills the child. The child runs
in its own session with no standard error, so a Ctrl-C on the terminal reaches only the build, which
stops it; it dies with the build (PR_SET_PDEATHSIG), even a build killed by SIGKILL.
"""

import contextlib
import gc
import inspect
import os
import pickle
import queue
import subprocess
import sys
import threading

from tracker import output

# The child: read (sys.path, module, function name, arguments) from stdin, then write ("value", result)
# or ("error", exception) to stdout: of a generator function, one for each value it yields.
CHILD = """
import ctypes, importlib, inspect, os, pickle, signal, sys
try:
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: die with the build
except (AttributeError, OSError):
    pass
if os.getppid() != int(sys.argv[1]):
    sys.exit(1)  # the build is already gone
signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})  # held by the build while it started this
# The build's own process is the one everything waits for: this one yields it a core. Its own session
# is its own scheduling group on Linux, where niceness counts only within a group: the group's too.
os.nice(10)
try:
    with open("/proc/self/autogroup", "w") as autogroup:
        autogroup.write("10")
except OSError:
    pass
path, module, name, args = pickle.load(sys.stdin.buffer)
sys.path[:] = path
def outcome(call):
    try:
        return ("value", call())
    except Exception as error:
        return ("error", error)
def send(result):
    try:
        data = pickle.dumps(result)
    except Exception:
        data = pickle.dumps(("error", RuntimeError(f"{type(result[1]).__name__}: {result[1]}")))
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
function = getattr(importlib.import_module(module), name)
if inspect.isgeneratorfunction(function):  # a result for each value it yields, sent as soon as it is ready
    results, done = function(*args), object()
    while (result := outcome(lambda: next(results, done)))[1] is not done:
        send(result)
        if result[0] == "error":
            break
else:
    send(outcome(lambda: function(*args)))
"""


class Job:
    """function(*args) in a child process."""

    def __init__(self, function, args):
        self.process = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(os.getpid())],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        # What the child reads goes through a thread: a pipe holds 64 KiB, and the build must not wait
        # for the child to read.
        self.outbox = queue.SimpleQueue()
        self.outbox.put(pickle.dumps((list(sys.path), function.__module__, function.__name__, args)))
        self.outbox.put(None)
        self.writer = threading.Thread(target=self._write, daemon=True)
        self.writer.start()

    def _write(self):
        with contextlib.suppress(OSError):  # a child killed early closes the pipe
            with self.process.stdin:
                for data in iter(self.outbox.get, None):
                    self.process.stdin.write(data)
                    self.process.stdin.flush()

    def _outcome(self, data):
        if not data:
            self.process.wait()
            raise RuntimeError(f"the background process stopped with exit status {self.process.returncode}")
        kind, value = data
        if kind == "error":
            raise value
        return value

    def result(self):
        """The function's result; of a generator function, the next value it yields."""
        try:
            data = pickle.load(self.process.stdout)
        except EOFError:
            data = None
        return self._outcome(data)

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.outbox.put(None)
        self.writer.join()
        self.process.stdout.close()


class Inline:
    """The same interface, run in this process when the result is asked for."""

    def __init__(self, function, args=()):
        self.function, self.args = function, args
        self.results = function(*args) if inspect.isgeneratorfunction(function) else None

    def result(self):
        return self.function(*self.args) if self.results is None else next(self.results)

    def stop(self):
        if self.results is not None:
            self.results.close()


@contextlib.contextmanager
def collector_paused():
    """Python's cycle collector off for a while, for work that holds hundreds of thousands of objects and
    makes no reference cycles: the collector's passes over them were a quarter of the evidence check's time
    at 100,000 events, a twentieth of the search index's."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def started(function, *args, separate=True):
    """separate=False runs function in this process instead (not worth a process for a small input)."""
    return _in_process_or_not(lambda: Job(function, args), Inline(function, args), separate)


@contextlib.contextmanager
def _in_process_or_not(start, inline, separate):
    child = None
    try:
        try:
            # SIGTERM or Ctrl-C while the child starts is held until the finally below can stop it.
            with output.signals_held():
                child = start() if separate else None
        except OSError:  # no process can be started (no executable, no process left): as for a small input
            pass
        yield inline if child is None else child
    finally:
        (inline if child is None else child).stop()
