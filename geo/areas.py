"""Areas and overlaps of lon/lat geometries: on the WGS84 ellipsoid, or in Peru's equal-area CRS."""

from __future__ import annotations

import numpy as np
import shapely
from pyproj import Geod, Transformer
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

# An Albers equal-area conic for Peru (standard parallels 2° S and 16° S): areas, and so IoU,
# measured in it are true areas.
EQUAL_AREA_CRS = (
    "+proj=aea +lat_0=-9.5 +lon_0=-75 +lat_1=-2 +lat_2=-16 +datum=WGS84 +units=m +no_defs"
)

_GEOD = Geod(ellps="WGS84")
_TO_EQUAL_AREA = Transformer.from_crs("EPSG:4326", EQUAL_AREA_CRS, always_xy=True)


def geodesic_area_km2(geom: BaseGeometry | None) -> float:
    """Area of a lon/lat (WGS84) geometry on the ellipsoid, in km².

    Parameters
    ----------
    geom : a Polygon or MultiPolygon in degrees (EPSG:4326); other geometry types count as 0.

    Returns
    -------
    float
        The geodesic area in square kilometres; each ring is oriented before measuring, so the
        result does not depend on the winding order of the source.
    """
    if geom is None or geom.is_empty:
        return 0.0
    if isinstance(geom, Polygon):
        parts = [geom]
    elif isinstance(geom, MultiPolygon):
        parts = list(geom.geoms)
    elif hasattr(geom, "geoms"):
        return sum(geodesic_area_km2(g) for g in geom.geoms)
    else:
        return 0.0
    total = 0.0
    for part in parts:
        area, _ = _GEOD.geometry_area_perimeter(orient(part, sign=1.0))
        total += abs(area)
    return total / 1e6


def iou(a: BaseGeometry, b: BaseGeometry) -> float:
    """Intersection over union of two lon/lat geometries, measured with geodesic areas.

    Returns
    -------
    float
        1.0 for identical shapes, 0.0 for disjoint ones (and 1.0 when both are empty).
    """
    union = geodesic_area_km2(a.union(b))
    if union == 0.0:
        return 1.0 if a.is_empty and b.is_empty else 0.0
    return geodesic_area_km2(a.intersection(b)) / union


def iou_equal_area(a: BaseGeometry, b: BaseGeometry) -> float:
    """Intersection over union of two lon/lat geometries, measured in :data:`EQUAL_AREA_CRS`."""
    pa, pb = shapely.transform([a, b], _to_equal_area)
    union = pa.union(pb).area
    if union == 0.0:
        return 1.0 if pa.is_empty and pb.is_empty else 0.0
    return pa.intersection(pb).area / union


def _to_equal_area(lonlat: np.ndarray) -> np.ndarray:
    return np.column_stack(_TO_EQUAL_AREA.transform(lonlat[:, 0], lonlat[:, 1]))
