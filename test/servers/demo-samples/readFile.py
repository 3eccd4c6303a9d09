from pathlib import Path


def read_lines(path: str | Path) -> list[str]:
    """Return the lines of a UTF-8 text file without their line endings."""
    return Path(path).read_text(encoding="utf-8").splitlines()


if __name__ == "__main__":
    for number, line in enumerate(read_lines("hello.py"), start=1):
        print(f"{number:4}: {line}")
