"""A user's CSV or Excel file of figures by department, read and checked with every problem listed.

One module per step: ``read`` (bytes to a table: kind, encoding, separator, header) and ``excel``
(a workbook's first sheet at a cost bounded by its real cells), ``cells`` (one cell: text, numbers,
years), ``columns`` (which column holds what), ``harmonise`` (row by row to a tidy table),
``problems`` (what can be wrong, kept as message keys), ``parse`` (the whole reading), ``output``
(a map layer and the CSVs back), ``worker`` (the reading in a process with a budget), ``limits``.
"""

from geo.uploads.limits import MAX_BYTES, MAX_COLUMNS, MAX_ROWS
from geo.uploads.output import (
    NOT_REPORTED,
    REPORTED,
    grid_text,
    harmonised_csv_bytes,
    preview_table,
    problems_table,
    upload_layer_values,
    upload_to_csv_bytes,
)
from geo.uploads.parse import Upload, parse_upload
from geo.uploads.problems import UploadError, UploadProblem
from geo.uploads.worker import parse_upload_bounded

__all__ = [
    "MAX_BYTES",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "NOT_REPORTED",
    "REPORTED",
    "Upload",
    "UploadError",
    "UploadProblem",
    "grid_text",
    "harmonised_csv_bytes",
    "parse_upload",
    "parse_upload_bounded",
    "preview_table",
    "problems_table",
    "upload_layer_values",
    "upload_to_csv_bytes",
]
