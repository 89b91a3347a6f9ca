"""What can be wrong with an upload: problems kept as a message key and its parameters.

A problem is rendered in the reader's language only when it is shown (:meth:`UploadProblem.message`),
so one parse serves both languages and a language switch needs no new parse. Its words are a
``geo.messages.Message``, the type the data-quality findings use too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from geo.i18n import format_number, normalise_language, t, tn
from geo.messages import Message, Number
from geo.uploads.limits import MAX_PROBLEMS, MAX_QUOTED_CHARS


@dataclass(frozen=True)
class UploadProblem:
    """One thing wrong (or worth saying) about an uploaded file.

    Attributes
    ----------
    row : the row number as a spreadsheet shows it (header = 1), or None for the whole file.
    column : the column's header, or None.
    value : the cell as written in the file (text; never interpreted), or None; a cell longer
        than MAX_QUOTED_CHARS is cut there, with an ellipsis (see ``value_chars``).
    text : what is wrong and what was expected, as a message key and parameters.
    suggestions : closest valid department names, best first.
    code : the kind of problem (``unknown_department``, ``non_numeric``...).
    blocking : False for notes (a total row skipped...) that do not stop the upload.
    value_chars : the length of the cell when ``value`` was cut, else None.
    """

    row: int | None
    column: str | None
    value: str | None
    text: Message
    suggestions: tuple[str, ...] = ()
    code: str = ""
    blocking: bool = True
    value_chars: int | None = None

    def shown_value(self, lang: str) -> str:
        """The value as a table shows it: empty for none, a cut value with its full length."""
        if self.value is None:
            return ""
        if self.value_chars is None:
            return self.value
        lang = normalise_language(lang)
        text = self.value.removesuffix("…")
        return t(
            "uploads.value.cut", lang, text=text, chars=format_number(self.value_chars, 0, lang)
        )

    def message(self, lang: str) -> str:
        """What is wrong, in ``lang`` (``es`` or ``en``); plain text: escape it for HTML."""
        return self.text.render(normalise_language(lang))

    def describe(self, lang: str) -> str:
        """The message prefixed with where it is: ``Fila 4, columna «Valor»: ...``."""
        lang = normalise_language(lang)
        if self.row is not None and self.column is not None:
            where = t("uploads.where.row_column", lang, row=self.row, column=self.column)
        elif self.row is not None:
            where = t("uploads.where.row", lang, row=self.row)
        elif self.column is not None:
            where = t("uploads.where.column", lang, column=self.column)
        else:
            return self.message(lang)
        return f"{where}: {self.message(lang)}"


class UploadError(ValueError):
    """A file that cannot be loaded, with every problem found in it.

    Attributes
    ----------
    problems : list of UploadProblem, in file order (blocking ones and notes).
    name : the file name as given.
    lang : the language of the exception's own text (``str(error)``).
    """

    def __init__(self, problems: Sequence[UploadProblem], name: str = "", lang: str = "es"):
        self.problems = list(problems)
        self.name = name
        self.lang = normalise_language(lang)
        super().__init__(self.summary(self.lang))

    def __reduce__(self):
        # Rebuilt from its parts: the worker process sends it back pickled.
        return (type(self), (self.problems, self.name, self.lang))

    @property
    def blocking(self) -> list[UploadProblem]:
        """The problems that stop the upload."""
        return [p for p in self.problems if p.blocking]

    def summary(self, lang: str, limit: int = 10) -> str:
        """A summary line and the first ``limit`` problems, one per line, in ``lang``."""
        blocking = self.blocking
        lines = [tn("uploads.summary", len(blocking), lang, name=self.name)]
        lines += [p.describe(lang) for p in blocking[:limit]]
        if len(blocking) > limit:
            lines.append(tn("uploads.more", len(blocking) - limit, lang))
        return "\n".join(lines)


class Abort(Exception):
    """Stop reading: the problems collected so far are final."""


def short(text: str, limit: int = 80) -> str | Message:
    """A reader's text quoted in a message: one line, at most ``limit`` characters.

    A longer text is cut, and its message says how long it was (``uploads.value.cut``).
    """
    chars = len(text)
    text = text[: limit + 1].replace("\r", " ").replace("\n", " ")
    if chars <= limit:
        return text
    return Message.of("uploads.value.cut", text=text[: limit - 1], chars=Number(chars))


def cut(text: str, limit: int = MAX_QUOTED_CHARS) -> str:
    """``text`` cut to ``limit`` characters, the last one an ellipsis when anything was cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _bounded(value: object) -> object:
    """A message parameter with any text from the reader cut to MAX_QUOTED_CHARS."""
    if isinstance(value, str):
        return short(value, MAX_QUOTED_CHARS)
    if isinstance(value, tuple):
        return tuple(_bounded(v) for v in value)
    return value


def _bounded_items(params: Mapping[str, object]):
    for name, value in params.items():
        yield name, (value if name == "value" else _bounded(value))


class Collector:
    """Collects problems in file order, up to MAX_PROBLEMS (then counts the rest)."""

    def __init__(self) -> None:
        self.problems: list[UploadProblem] = []
        self.dropped = 0

    def add(
        self,
        code: str,
        *,
        row: int | None = None,
        column: str | None = None,
        value: str | None = None,
        suggestions: Iterable[str] = (),
        blocking: bool = True,
        key: str | None = None,
        **params: object,
    ) -> None:
        """Record a problem; its message is ``uploads.problem.<code>`` unless ``key`` says."""
        if len(self.problems) >= MAX_PROBLEMS:
            self.dropped += 1
            return
        chars = None
        if value is not None:
            params.setdefault("value", short(value))
            if len(value) > MAX_QUOTED_CHARS:
                value, chars = cut(value), len(value)
        text = Message(key or f"uploads.problem.{code}", tuple(_bounded_items(params)))
        if column is not None:
            column = cut(column)
        self.problems.append(
            UploadProblem(row, column, value, text, tuple(suggestions), code, blocking, chars)
        )

    def stop(self, code: str, **params: object) -> Abort:
        """Record a problem about the whole file and return the Abort to raise."""
        self.add(code, **params)
        return Abort()

    @property
    def full(self) -> bool:
        """True once no more problems are kept."""
        return len(self.problems) >= MAX_PROBLEMS

    @property
    def blocking(self) -> bool:
        """True when any problem stops the upload."""
        return any(p.blocking for p in self.problems)

    def final(self) -> list[UploadProblem]:
        """The problems, with one more line saying how many were left out."""
        if not self.dropped:
            return list(self.problems)
        more = Message("uploads.more", count=self.dropped)
        return [*self.problems, UploadProblem(None, None, None, more, code="more")]


def params_of(problem: UploadProblem) -> Mapping[str, object]:
    """A problem's parameters by name (for tests and callers that inspect them)."""
    return dict(problem.text.values)
