"""The department harmoniser: every accepted form, and bad input with suggestions."""

import pytest

from geo.names import UnknownDepartmentError, departments, resolve_department, try_resolve


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("Cusco", "08"),
        ("Cuzco", "08"),
        ("CUSCO", "08"),
        ("cuzco ", "08"),
        ("Apurímac", "03"),
        ("Apurimac", "03"),
        ("APURIMAC", "03"),
        ("Huánuco", "10"),
        ("huanuco", "10"),
        ("Junín", "12"),
        ("San Martin", "22"),
        ("Región Lima", "15"),
        ("Lima Metropolitana", "15"),
        ("Lima Province", "15"),
        ("Provincia Constitucional del Callao", "07"),
        ("Callao", "07"),
        (8, "08"),
        ("8", "08"),
        ("08", "08"),
        ("080000", "08"),
        (8.0, "08"),
        ("PE-CUS", "08"),
        ("pe-cus", "08"),
        ("PE-LMA", "15"),
        ("PE-CAL", "07"),
        ("Madre de Dios", "17"),
        ("MADRE DE DIOS", "17"),
        ("Departamento de Puno", "21"),
    ],
)
def test_every_accepted_form_resolves_to_the_inei_code(value, code):
    assert resolve_department(value) == code


def test_each_department_resolves_by_its_own_name_code_and_iso():
    for dept in departments():
        assert resolve_department(dept.name) == dept.code
        assert resolve_department(dept.iso) == dept.code
        assert resolve_department(int(dept.code)) == dept.code


@pytest.mark.parametrize(
    ("value", "suggestion"),
    [("Cusko", "Cusco"), ("Limaa", "Lima"), ("Huanuko", "Huánuco"), ("Arekipa", "Arequipa")],
)
def test_unknown_department_names_are_listed_with_suggestions(value, suggestion):
    with pytest.raises(UnknownDepartmentError) as info:
        resolve_department(value)
    assert info.value.value == value
    assert suggestion in info.value.suggestions
    assert repr(value) in str(info.value) and suggestion in str(info.value)


@pytest.mark.parametrize(
    "value", ["", "Atlantis", "0", "26", "99", "260000", None, float("nan"), True, "PE-XXX"]
)
def test_unresolvable_references_are_rejected(value):
    with pytest.raises(UnknownDepartmentError):
        resolve_department(value)
    assert try_resolve(value) is None
