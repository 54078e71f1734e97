"""The pieces a printed body is made of, shared by the procedure and administrative layouts."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]
    numbered: bool = True  # a first column "TT" counting the rows


@dataclass
class Section:
    number: int | None
    title: str
    html: str = ""
    standard: int | None = None  # 1..7 when the heading is one of the framework model's sections
    bullets: list[str] = field(default_factory=list)  # printed before the html (e.g. legal references)
    tables: list[Table] = field(default_factory=list)  # printed after the html
    parts: list[str] = field(default_factory=list)  # html pieces while the body is being split

    @property
    def has_table(self) -> bool:
        return "<table" in self.html or bool(self.tables)
