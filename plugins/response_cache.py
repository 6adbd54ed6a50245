"""Recent responses kept in memory and served again without rendering.

The database is immutable: a page's bytes cannot change while this process runs, so a response
once rendered is valid until the next release (a new process). Datasette's Cache-Control headers
let a CDN do the same; this cache does it on a single machine, where a row page otherwise costs
about ten milliseconds of queries and templating. Bounded in bytes; only complete, successful,
cookie-free GET responses of modest size are kept.

Nothing a client sends may change what another client receives. Datasette writes absolute URLs
(`next_url`, CSV blob links) from the request's Host and scheme (uvicorn takes the scheme from
X-Forwarded-Proto of a trusted proxy), and permalinks follow the requested address when
TRACKER_SITE_URL is unset: so the key holds the scheme and the Host, normalised, and a request for
evil.example only ever gets evil.example's pages back. A response that says it varies with any
other header (Vary) is not kept at all.
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


# Datasette adds these to every Vary; requests carrying either are never cached (see cacheable).
IGNORED_VARY = {b"cookie", b"authorization"}


def normalised_host(scope):
    host = dict(scope.get("headers", [])).get(b"host", b"").decode("latin-1").strip().lower().rstrip(".")
    default_port = ":443" if scope.get("scheme") == "https" else ":80"
    return host[: -len(default_port)] if host.endswith(default_port) else host


def cache_key(scope):
    return (scope.get("scheme", "http"), normalised_host(scope), scope.get("root_path", ""), scope["path"], scope.get("query_string", b""))


def varies_on_request_headers(headers):
    named = {part.strip().lower() for name, value in headers if name.lower() == b"vary" for part in value.split(b",")}
    return bool(named - IGNORED_VARY - {b""})


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
            key = cache_key(scope)
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
                    headers = event.get("headers", [])
                    state["keep"] = event["status"] == 200 and b"set-cookie" not in names and not varies_on_request_headers(headers)
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
