import re

EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")


def is_valid_email(address: str) -> bool:
    """A pragmatic check: local@domain.tld, no spaces; the real test is a confirmation mail."""
    return EMAIL_RE.fullmatch(address.strip()) is not None


assert is_valid_email("ada@example.com")
assert not is_valid_email("not an email")
assert not is_valid_email("ada@localhost")
