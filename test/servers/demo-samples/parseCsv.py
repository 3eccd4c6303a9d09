import csv
from pathlib import Path


def read_rows(path: str | Path) -> list[dict[str, str]]:
    """Read a CSV file with a header row into a list of dicts."""
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


if __name__ == "__main__":
    for row in read_rows("people.csv"):
        print(row["name"], row["email"])
