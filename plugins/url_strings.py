"""Datasette 0.65 builds every URL as a PrefixedUrlString, a str whose methods return its own type. It
finds out whether a name is a str method by listing dir(str) on every call: url.startswith("/") takes
10 microseconds, 150 times what it takes on a str, and a page makes several such calls (urllib.parse
on the page's own links, Datasette's routing). The same methods, returning the same types, decided
from a set of str's method names made once.
"""

from datasette.utils import PrefixedUrlString

STR_METHODS = frozenset(name for name in dir(str) if not name.startswith("__"))


def prefixed_getattribute(self, name):
    if name not in STR_METHODS:
        return str.__getattribute__(self, name)
    bound = getattr(super(PrefixedUrlString, self), name)

    def method(*args, **kwargs):
        value = bound(*args, **kwargs)
        if isinstance(value, str):
            return type(self)(value)
        if isinstance(value, list):
            return [type(self)(item) for item in value]
        if isinstance(value, tuple):
            return tuple(type(self)(item) for item in value)
        return value

    return method


PrefixedUrlString.__getattribute__ = prefixed_getattribute
