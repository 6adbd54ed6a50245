"""Error pages without rich.

Datasette prints every exception with rich when rich can be imported, and frictionless brings rich
in. rich refuses to print outside an `except` block, which is where Datasette calls it for some
errors (a POST to a write endpoint of this read-only site, for one), so those turned into 500s.
Datasette's error page itself is unchanged."""

import datasette.handle_exception

datasette.handle_exception.rich = None
