"""Recent responses kept in memory and served again without rendering.

The database is immutable: a page's bytes cannot change while this process runs, so a response
once rendered is valid until the next release (a new process). Datasette's Cache-Control headers
let a CDN do the same; this cache does it on a single machine, where a row page otherwise costs
about ten milliseconds of queries and templating. Bounded in bytes; only complete, successful,
cookie-free GET responses of modest size are kept.
"""

from collections import OrderedDict

from datasette import hookimpl

MAX_BYTES = 64 * 1024 * 1024
MAX_RESPONSE_BYTES = 512 * 1024


class ResponseCache:
    def __init__(self, max_bytes=MAX_BYTES):
        self.entries, self.size, self.max_bytes = OrderedDict(), 0, max_bytes

    def get(self, key):
        entry = self.entries.get(key)
        if entry is not None:
            self.entries.move_to_end(key)
        return entry

    def put(self, key, status, headers, body):
        if key in self.entries:
            return
        self.entries[key] = (status, headers, body)
        self.size += len(body)
        while self.size > self.max_bytes:
            _, (_, _, old_body) = self.entries.popitem(last=False)
            self.size -= len(old_body)


def cacheable(scope):
    headers = dict(scope.get("headers", []))
    return scope["type"] == "http" and scope["method"] == "GET" and b"cookie" not in headers and b"authorization" not in headers


@hookimpl
def asgi_wrapper(datasette):
    cache = ResponseCache()

    def wrap(app):
        async def with_cache(scope, receive, send):
            if not cacheable(scope):
                return await app(scope, receive, send)
            # Pages name their own address (permalinks, next links) from the scheme and Host they were
            # requested with, so one client's Host must never answer another's request.
            host = dict(scope.get("headers", [])).get(b"host", b"")
            key = (scope.get("scheme", "http"), host, scope.get("root_path", ""), scope["path"], scope.get("query_string", b""))
            hit = cache.get(key)
            if hit is not None:
                status, headers, body = hit
                await send({"type": "http.response.start", "status": status, "headers": headers + [(b"x-tracker-cache", b"hit")]})
                await send({"type": "http.response.body", "body": body})
                return
            start, chunks, state = {}, [], {"keep": True, "size": 0}

            async def recording_send(event):
                if event["type"] == "http.response.start":
                    start.update(event)
                    names = {name.lower() for name, _ in event.get("headers", [])}
                    state["keep"] = event["status"] == 200 and b"set-cookie" not in names
                elif event["type"] == "http.response.body" and state["keep"]:
                    state["size"] += len(event.get("body", b""))
                    if state["size"] > MAX_RESPONSE_BYTES:
                        state["keep"], chunks[:] = False, []
                    else:
                        chunks.append(event.get("body", b""))
                        if not event.get("more_body"):
                            cache.put(key, start["status"], list(start.get("headers", [])), b"".join(chunks))
                await send(event)

            await app(scope, receive, recording_send)

        return with_cache

    return wrap
