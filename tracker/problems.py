"""Problems found in the inputs of the build, each worded for the person who edits them, one per line:

    data/FILE.csv:LINE: COLUMN: what is wrong (the value) — how to fix it

Values come from hand-edited files, so whatever they hold is shown escaped: a newline cannot split a
problem over two lines and an escape sequence cannot reach the terminal. However many problems a file
has, only the first SHOWN_PER_FILE (by line) are kept and the rest are counted, so that a file of
100,000 bad lines costs neither gigabytes of memory nor a screen nobody can read.
"""

import heapq
import re

SHOWN_PER_FILE = 50
SHOWN_VALUE_LENGTH = 60

# What a terminal would act on or hide: C0/C1 controls, line and paragraph separators, and the
# invisible formatting characters (soft hyphen, zero-width, bidirectional controls, BOM, tags).
UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\U000e0000-\U000e007f\ud800-\udfff]"
)


def escaped(text):
    """text with every unprintable character written as a Python escape (\\n, \\x1b, \\u202e)."""
    return UNPRINTABLE.sub(lambda match: repr(match.group())[1:-1] if match.group() in "\n\r\t" else _code(match.group()), text)


def _code(character):
    number = ord(character)
    return f"\\x{number:02x}" if number < 0x100 else f"\\u{number:04x}" if number < 0x10000 else f"\\U{number:08x}"


def shortened(value, limit=SHOWN_VALUE_LENGTH):
    # Spaces at either end are invisible in a message: quote such a value to show them.
    text = repr(value) if isinstance(value, str) and value != value.strip() else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Problem(Exception):
    """A problem in one place of one input file, already worded for the person who edits it."""

    def __init__(self, path, line, column, what, value, fix):
        self.key = (str(path), line)
        shown = "" if value is None else f" ({shortened(value)})"
        super().__init__(escaped(f"{path}:{line}: {column}: {what}{shown} — {fix}"))


class ProblemLog:
    """Collects problems: counts them all, keeps the first SHOWN_PER_FILE of each file by line (as text,
    never the exceptions and the frames they hold) and lists them in file and line order."""

    def __init__(self, problems=()):
        self.total = 0
        self.per_file = {}  # path -> [count, heap of (-line, -order, text): the kept ones, last line on top]
        self.extend(problems)

    def append(self, problem):
        self.total += 1
        path, line = problem.key
        entry = self.per_file.setdefault(path, [0, []])
        entry[0] += 1
        item = (-line, -self.total, str(problem))
        if len(entry[1]) < SHOWN_PER_FILE:
            heapq.heappush(entry[1], item)
        elif item > entry[1][0]:
            heapq.heapreplace(entry[1], item)

    def extend(self, problems):
        for problem in problems:
            self.append(problem)

    def __len__(self):
        return self.total

    def lines(self):
        for path in sorted(self.per_file):
            count, kept = self.per_file[path]
            yield from (text for _, _, text in sorted(kept, reverse=True))
            if count > len(kept):
                yield escaped(f"{path}: {count - len(kept)} more problem(s) not shown ({count} in this file)")


class DataErrors(Exception):
    """The build refused its inputs: every problem found (up to SHOWN_PER_FILE per file) and their count."""

    def __init__(self, problems):
        log = problems if isinstance(problems, ProblemLog) else ProblemLog(problems)
        self.count = log.total
        self.lines = list(log.lines())
        super().__init__("\n".join(self.lines))
