"""geo.messages: the one set of message types the findings and the upload problems speak through.

Expected texts are built with geo.i18n's own formatters and catalogue, not with geo.messages.
"""

from __future__ import annotations

import ast
import pickle
from pathlib import Path

import pytest

from geo.i18n import LANGUAGES, format_count, format_list, format_number, format_percent, t, tn
from geo.messages import Count, Message, Number, OneOf, Part, Percent, render

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_part_is_written_in_the_readers_language(lang):
    assert render(Number(1334.25, 1), lang) == format_number(1334.25, 1, lang)
    assert render(Count(6), lang) == format_count(6, lang)
    assert render(Percent(59.44, 2), lang) == format_percent(59.44, 2, lang)
    assert render(OneOf(("Cusco", "Lima")), lang) == format_list(["Cusco", "Lima"], lang, "or")
    assert render(("Cusco", Number(2)), lang) == format_list(["Cusco", "2"], lang)
    assert render("PE-CUS", lang) == "PE-CUS" and render(None, lang) == ""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_message_renders_its_parameters_and_nested_messages_in_the_same_language(lang):
    amounts = tuple(
        Message("quality.amount_of", {"amount": Number(0.7, 1), "total": Number(n)})
        for n in (500, 503)
    )
    expected = format_list(
        [
            t(
                "quality.amount_of",
                lang,
                amount=format_number(0.7, 1, lang),
                total=format_number(n, 0, lang),
            )
            for n in (500, 503)
        ],
        lang,
    )
    assert render(amounts, lang) == expected
    names = Message.of("uploads.problem.did_you_mean", names=OneOf(("Cusco", "Cuzco")))
    assert names.render(lang) == t(
        "uploads.problem.did_you_mean", lang, names=format_list(["Cusco", "Cuzco"], lang, "or")
    )


@pytest.mark.parametrize(("count", "lang"), [(1, "es"), (2, "es"), (1, "en"), (2, "en")])
def test_a_message_with_a_count_takes_the_plural_its_count_asks_for(count, lang):
    assert Message("uploads.more", count=count).render(lang) == tn("uploads.more", count, lang)


def test_a_message_given_a_mapping_equals_one_built_by_name_and_survives_a_worker():
    """An upload's problems come back from the worker process pickled (geo.uploads.worker)."""
    given = Message("quality.amount_of", {"amount": Number(1), "total": Number(2)})
    assert given == Message.of("quality.amount_of", amount=Number(1), total=Number(2))
    assert pickle.loads(pickle.dumps(given)) == given
    assert hash(given) == hash(Message.of("quality.amount_of", amount=Number(1), total=Number(2)))


def test_no_other_message_scheme_grows_beside_this_one():
    """Every class of geo/ that renders itself in a language (``render(self, lang)``) is a
    geo.messages.Part: findings and upload problems share one scheme, not two parallel ones."""
    outside = []
    for path in sorted((ROOT / "geo").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ClassDef) or path.name == "messages.py":
                continue
            renders = any(
                isinstance(item, ast.FunctionDef)
                and item.name == "render"
                and [a.arg for a in item.args.args] == ["self", "lang"]
                for item in node.body
            )
            bases = {getattr(b, "id", getattr(b, "attr", "")) for b in node.bases}
            if renders and "Part" not in bases:
                outside.append(f"{path.relative_to(ROOT)}: {node.name}")
    assert not outside, f"render through geo.messages instead: {outside}"


def test_findings_and_upload_problems_keep_their_words_as_shared_messages():
    """A finding's parameters are geo.messages' parts or plain names, codes and lists; an upload's
    problems (refused or not) keep their words as a geo.messages.Message."""
    from geo.quality import findings
    from geo.uploads import UploadError, parse_upload

    for value in (v for f in findings() for v in f.values.values()):
        assert isinstance(value, Part | str | tuple), value
    with pytest.raises(UploadError) as refused:
        parse_upload("x.csv", b"departamento,valor\nAtlantis,3\nCusco,x\n", lang="en")
    problems = refused.value.problems
    assert len(problems) == 2 and all(isinstance(p.text, Message) for p in problems)
