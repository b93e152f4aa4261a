"""Windows Failover Cluster property lists (CLUSPROP, MS-CMRP 2.2.3.10).

The strict, verified codec of the Rust crate ``clusprop``, its JSON form
(the same as ``clusprop decode --json`` prints and ``clusprop encode``
reads), the VM offline and move instructions, and the cluster calls
(``OfflineClusterGroupEx``, ``OnlineClusterGroupEx``, ``MoveClusterGroupEx``,
group properties) on Windows, or against the simulated cluster anywhere.

>>> import clusprop
>>> data = clusprop.offline_instructions("save")
>>> clusprop.PropertyList(data)["virtual machine"]
1
"""

from __future__ import annotations

import datetime as _dt
import operator as _operator
import struct as _struct
from collections.abc import Iterator, Mapping
from ._clusprop import (
    Cluster,
    ClusterError,
    DecodeError,
    EncodeError,
    Group,
    build,
    decode,
    decode_value_list,
    encode,
    move_instructions,
    offline_instructions,
)

__all__ = [
    "Cluster",
    "ClusterError",
    "DecodeError",
    "EncodeError",
    "Group",
    "PropertyList",
    "build",
    "decode",
    "decode_value_list",
    "encode",
    "filetime_to_datetime",
    "move_instructions",
    "offline_instructions",
]

_FILETIME_EPOCH = _dt.datetime(1601, 1, 1, tzinfo=_dt.timezone.utc)
_INTEGER_FORMATS = {"dword", "long", "word", "ularge_integer", "large_integer"}
_TEXT_FORMATS = {"sz", "expand_sz", "expanded_sz"}


def filetime_to_datetime(ticks: int) -> _dt.datetime:
    """A FILETIME (100 ns ticks since 1601-01-01 UTC) as an aware UTC datetime.

    Python's datetime holds microseconds: the last tick digit is dropped.
    Raises OverflowError past the year 9999, ValueError for ticks outside a
    FILETIME (0 to 2**64 - 1) and TypeError for what is not an int (a bool
    or a float included).
    """
    # A bool, a float or a negative number gave a datetime (True one tick,
    # -1 a day in 1600): none is a FILETIME.
    if isinstance(ticks, bool):
        raise TypeError("ticks must be an int, found bool")
    try:
        ticks = _operator.index(ticks)
    except TypeError:
        raise TypeError("ticks must be an int, found %s" % type(ticks).__name__) from None
    if not 0 <= ticks <= 0xFFFF_FFFF_FFFF_FFFF:
        raise ValueError("ticks must be from 0 to 18446744073709551615 (a FILETIME), got %d" % ticks)
    return _FILETIME_EPOCH + _dt.timedelta(microseconds=ticks // 10)


def _text(value: object) -> str:
    """A string of the JSON form: text, or ``{"utf16": [units]}`` for text
    that is not valid UTF-16 (kept as lone surrogates)."""
    if isinstance(value, dict):
        units = value["utf16"]
        return _struct.pack("<%dH" % len(units), *units).decode("utf-16-le", "surrogatepass")
    return value


def _typed(entry: Mapping) -> object:
    """The Python value of one value of the JSON form."""
    if "raw" in entry:
        return bytes.fromhex(entry["raw"])
    value = entry["value"]
    fmt = entry["format"]
    if value is None:
        return None
    if fmt in _INTEGER_FORMATS:
        return value
    if fmt == "filetime":
        try:
            return filetime_to_datetime(value)
        except OverflowError:
            return value
    if fmt in _TEXT_FORMATS:
        return _text(value)
    if fmt == "multi_sz":
        return [_text(item) for item in value]
    if fmt == "property_list":
        return PropertyList.from_json(value)
    if fmt == "value_list":
        return [_typed(v) for v in value["values"]]
    # binary, security_descriptor, and the other byte formats: hex.
    return bytes.fromhex(value)


class PropertyList(Mapping):
    """A read-only view of a property list: ``len()``, iteration over the
    names, case-insensitive lookup (as Windows compares property names)
    giving the typed value of the property's first value: int (DWORD, LONG,
    WORD, ULARGE/LARGE_INTEGER), str (SZ, EXPAND_SZ), list of str
    (MULTI_SZ), bytes (BINARY and other byte formats, raw values),
    PropertyList (a nested list), list (a nested value list), datetime
    (FILETIME, UTC; the int of ticks past the year 9999, which datetime
    cannot hold) or None (an empty "reset to default" value).
    A name the list holds more than once (the format allows it) gives its
    first property, as Windows' lookups do; iteration and ``len()`` count
    every property, repeated names included.

    ``PropertyList(data, policy="default")`` decodes ``data`` (bytes, a
    bytearray or a memoryview; raises DecodeError);
    ``PropertyList.from_json(obj)`` wraps the JSON form (which is not to be
    changed afterwards: lookups index it once, at the first).
    """

    def __init__(self, data: "bytes | bytearray | memoryview", policy: str = "default") -> None:
        self._json = decode(data, policy)
        self._index = None

    @classmethod
    def from_json(cls, obj: Mapping) -> "PropertyList":
        """A view of the JSON form of a property list (as ``decode`` returns it)."""
        view = cls.__new__(cls)
        view._json = obj
        view._index = None
        return view

    def _find(self, name: object) -> "Mapping | None":
        if not isinstance(name, str):
            return None
        # One pass builds a case-folded index on the first lookup: a scan per
        # lookup made dict(view), items() and repr() quadratic (minutes for
        # a list of 20,000 properties). The first property of a name wins,
        # as it did with the scan.
        if self._index is None:
            index = {}
            for prop in self._json["properties"]:
                index.setdefault(_text(prop["name"]).casefold(), prop)
            self._index = index
        return self._index.get(name.casefold())

    def __getitem__(self, name: str) -> object:
        prop = self._find(name)
        if prop is None:
            raise KeyError(name)
        return _typed(prop["values"][0])

    def values_of(self, name: str) -> list:
        """Every value of the property (most have one), typed; KeyError if absent."""
        prop = self._find(name)
        if prop is None:
            raise KeyError(name)
        return [_typed(v) for v in prop["values"]]

    def format_of(self, name: str) -> str:
        """The format name of the property's first value (``"dword"``, ``"sz"``, ...)."""
        prop = self._find(name)
        if prop is None:
            raise KeyError(name)
        return prop["values"][0]["format"]

    def __iter__(self) -> Iterator[str]:
        return (_text(prop["name"]) for prop in self._json["properties"])

    def __len__(self) -> int:
        return len(self._json["properties"])

    @property
    def trailing_end_mark(self) -> bool:
        """Whether the list ended with the Windows-style trailing end mark."""
        return bool(self._json["trailing_end_mark"])

    def to_json(self) -> Mapping:
        """The JSON form (``encode`` turns it back into the same bytes)."""
        return self._json

    def to_bytes(self) -> bytes:
        """The list encoded again (byte-exact for a decoded list, padding
        zeroed; EncodeError for what only the lenient reader accepts)."""
        return encode(dict(self._json))

    def __repr__(self) -> str:
        return "PropertyList({%s})" % ", ".join(
            "%r: %r" % (name, self[name]) for name in self
        )
