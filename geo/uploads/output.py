"""Using a checked upload: a map layer of one column and year, and the file back as CSV."""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.names import department_names
from geo.safety import safe_csv_bytes
from geo.uploads.cells import cell_text
from geo.uploads.parse import Upload

REPORTED = "reported"
NOT_REPORTED = "not_reported"


def upload_layer_values(upload: Upload, column: str, year: int | None = None) -> pd.DataFrame:
    """The values of one uploaded column for all 25 departments, shaped like ``layer_values``.

    Parameters
    ----------
    upload : a parsed upload.
    column : one of ``upload.value_columns``.
    year : which year to map when the file has a year column; None takes the latest year in it.

    Returns
    -------
    DataFrame in code order with department_code, department, value (float, NaN where the file
    gives no figure) and status (``reported``/``not_reported``).

    Raises
    ------
    ValueError
        When ``column`` is not a value column, or ``year`` is not in the file.
    """
    if column not in upload.value_columns:
        raise ValueError(
            f"no value column {column!r} in the upload: expected one of "
            f"{', '.join(map(repr, upload.value_columns))}"
        )
    frame = upload.harmonised
    if upload.year_column is not None and upload.years:
        chosen = max(upload.years) if year is None else year
        if chosen not in upload.years:
            years = ", ".join(map(str, upload.years))
            raise ValueError(f"no year {year!r} in the upload: expected one of {years}")
        frame = frame[frame["year"] == chosen]
    elif year is not None:
        raise ValueError(f"the upload has no year column: cannot select the year {year!r}")
    values = frame.set_index("department_code")[column].astype(float)
    names = department_names()
    out = pd.DataFrame({"department_code": list(names), "department": list(names.values())})
    out["value"] = out["department_code"].map(values).astype(float)
    out["status"] = np.where(out["value"].notna(), REPORTED, NOT_REPORTED)
    return out


def upload_to_csv_bytes(upload: Upload) -> bytes:
    """The file back as it was loaded.

    For a CSV upload these are the original bytes, unchanged (encoding and separator included).
    An Excel upload has no original CSV: its first sheet is returned as read, through
    :func:`geo.safety.safe_csv_bytes`; the original workbook is ``upload.data``.
    """
    if upload.kind == "csv":
        return upload.data
    return safe_csv_bytes(upload.table.map(cell_text))


def harmonised_csv_bytes(upload: Upload) -> bytes:
    """The cleaned table (codes, canonical names, numbers) as CSV safe to open in a spreadsheet."""
    return safe_csv_bytes(upload.harmonised)
