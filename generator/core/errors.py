"""The one error type: every problem names a file and line, and all problems travel together."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def display_path(path: str | os.PathLike) -> str:
    """Paths in messages are relative to the working directory when they lie under it, and
    printable: a file name can hold terminal escape codes or a newline."""
    p = Path(path)
    cwd = Path.cwd().resolve()
    try:  # the folder resolved, not the file: a link is named as the link, not as its target
        return printable(str((p.parent.resolve() / p.name).relative_to(cwd)))
    except (ValueError, OSError, RuntimeError):  # elsewhere, or a loop of links
        return printable(str(p))


def printable(text: str) -> str:
    """Text safe to print on a terminal as one line: control, format (bidi) and line-break
    characters written as Python escapes (``\\x1b``, ``\\n``, ``\\u202e``)."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str
    column: int | None = None

    def __str__(self) -> str:
        where = f"{display_path(self.path)}:{self.line}"
        if self.column is not None:
            where += f":{self.column}"
        return f"{where}: {printable(self.message)}"


class RuleError(Exception):
    """Raised with every problem found, so a contributor fixes them all in one pass."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=lambda p: (p.path, p.line, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def one(cls, path, line: int, message: str, column: int | None = None) -> RuleError:
        return cls([Problem(str(path), line, message, column)])


class Collector:
    """Gathers problems across files; ``raise_if_any`` ends a stage that found some."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path, line: int, message: str, column: int | None = None) -> None:
        self.problems.append(Problem(str(path), line, message, column))

    def extend(self, problems) -> None:
        self.problems.extend(problems)

    def raise_if_any(self) -> None:
        if self.problems:
            raise RuleError(self.problems)


class UsageError(Exception):
    """A command-line argument the command refuses (not a file's content): one line, exit status 2."""
