"""The limits an uploaded file must keep, in one place: size, shape, values and cost."""

from __future__ import annotations

MAX_BYTES = 5 * 1024 * 1024  # the limit the page states ("5 MB"), and Streamlit's maxUploadSize
MAX_ROWS = 10_000
MAX_COLUMNS = 100
MAX_PROBLEMS = 500  # kept in full; beyond this the error says how many more there were
MAX_SUGGESTED = 50  # distinct unknown names that get suggestions; the rest are listed without
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024  # an .xlsx inflating beyond this is refused (zip bomb)
# A sheet's cells are read only where the workbook stores them, so a declared size costs nothing;
# this many stored cells (rows x columns with anything in them) is far above 10,000 x 100 rows.
MAX_STORED_CELLS = 2 * MAX_ROWS * MAX_COLUMNS
PREVIEW_ROWS = 10
# The longest text a cell may hold: Excel's own limit, so no spreadsheet writes a longer one. A
# workbook whose shared strings or cells hold more is refused before any of it is read.
MAX_CELL_CHARS = 32_767
# A column name longer than this is cut, with a note: it is a title on the map, in the legend and
# in every download.
MAX_HEADER_CHARS = 200
# A reader's text quoted in a message or in the problems table is cut to this many characters,
# with an ellipsis and its full length.
MAX_QUOTED_CHARS = 200

# The largest figure a legend can print in full: 15 significant digits are what a double holds
# exactly and what a legend label can show ("999.999.999.999.999" is already wider than the map's
# legend box). A larger value is refused rather than printed in exponent notation or rounded.
MAX_VALUE = 1e15
# The most decimals a legend prints (geo.classify.legend_decimals). A value needing more, such as
# 0.0004, would read as 0 in the legend and its tooltip: it is flagged so the user can rescale it.
MAX_DECIMALS = 3

# The cost of reading one upload in its worker process (geo.uploads.worker). A file within the
# limits above reads in a small part of it; these stop a file built to cost more.
BUDGET_SECONDS = 15.0
BUDGET_MEMORY_MB = 600
WORKERS = 2  # uploads read at once; the next waits for a free worker within BUDGET_SECONDS
