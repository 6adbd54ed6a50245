"""CSV for Excel: any .csv URL with ?_bom=1 starts with a UTF-8 byte order mark, without which
Excel reads UTF-8 (Arabic above all) as mojibake."""

from urllib.parse import parse_qs

from datasette import hookimpl

BOM = "\ufeff".encode()


def excel_csv_url(url):
    """The 'CSV for Excel' twin of a CSV link: the same address with _bom=1 added to its query."""
    return url + ("&" if "?" in url else "?") + "_bom=1"


@hookimpl
def prepare_jinja2_environment(env):
    env.globals["excel_csv_url"] = excel_csv_url


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def with_bom(scope, receive, send):
            wanted = (
                scope["type"] == "http"
                and scope["path"].endswith(".csv")
                and parse_qs(scope.get("query_string", b"").decode()).get("_bom") == ["1"]
            )
            if not wanted:
                return await app(scope, receive, send)
            state = {"csv": False, "first": True}

            async def send_with_bom(event):
                if event["type"] == "http.response.start":
                    headers = dict(event.get("headers", []))
                    state["csv"] = event["status"] == 200 and headers.get(b"content-type", b"").startswith(b"text/")
                    if state["csv"]:
                        event = dict(event, headers=[(k, v) for k, v in event.get("headers", []) if k.lower() != b"content-length"])
                elif event["type"] == "http.response.body" and state["csv"] and state["first"]:
                    state["first"] = False
                    event = dict(event, body=BOM + event.get("body", b""))
                await send(event)

            await app(scope, receive, send_with_bom)

        return with_bom

    return wrap
