import json
from urllib.request import Request, urlopen


def fetch_json(url: str, timeout: float = 10.0) -> object:
    """GET url and decode its JSON body; raises urllib.error.HTTPError on 4xx/5xx."""
    request = Request(url, headers={"Accept": "application/json"})
    with urlopen(request, timeout=timeout) as response:
        charset = response.headers.get_content_charset() or "utf-8"
        return json.loads(response.read().decode(charset))


if __name__ == "__main__":
    todo = fetch_json("https://jsonplaceholder.typicode.com/todos/1")
    print(todo)
