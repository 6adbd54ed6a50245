"""A response is sent whole or, past a size, streamed: never a status and headers first and the body
computed afterwards.

Datasette streams CSV (`_stream=on`) by sending its 200 and headers at once and computing the rows
after. A worker that dies in that time leaves the client with a truncated file that says 200, and
a proxy in front cannot send the request to another worker, because it has already started the
answer. Held back until it is complete (up to MAX_HELD_BYTES, with a Content-Length), a response
either arrives whole or not at all: nginx then retries on another worker (deploy/nginx.conf), and a
failure while the rows are computed is a plain error status instead of a truncated 200. Larger
responses (whole-table downloads of a big database) are streamed as before, from that point on.
"""

from datasette import hookimpl

MAX_HELD_BYTES = 4 * 1024 * 1024


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def whole(scope, receive, send):
            if scope["type"] != "http":
                return await app(scope, receive, send)
            held = {"start": None, "chunks": [], "size": 0, "streaming": False}

            async def send_whole(event):
                if held["streaming"] or event["type"] not in ("http.response.start", "http.response.body"):
                    return await send(event)
                if event["type"] == "http.response.start":
                    held["start"] = event
                    return
                held["chunks"].append(event.get("body", b""))
                held["size"] += len(held["chunks"][-1])
                body = b"".join(held["chunks"]) if not event.get("more_body") or held["size"] > MAX_HELD_BYTES else None
                if body is None:
                    return
                start = held["start"]
                if not event.get("more_body"):
                    headers = [(k, v) for k, v in start.get("headers", []) if k.lower() not in (b"content-length", b"transfer-encoding")]
                    await send(dict(start, headers=headers + [(b"content-length", str(len(body)).encode())]))
                    return await send({"type": "http.response.body", "body": body})
                held["streaming"], held["chunks"] = True, []
                await send(start)
                await send({"type": "http.response.body", "body": body, "more_body": True})

            await app(scope, receive, send_whole)

        return whole

    return wrap
