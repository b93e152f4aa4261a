"""Type stubs of the clusprop package (the native module and the PropertyList view)."""

import datetime
from collections.abc import Iterator, Mapping
from typing import Any, Dict, List, Literal, Optional, Sequence, Tuple, Union, final

_Policy = Literal["default", "ms_cmrp", "client", "lenient"]
_VmAction = Literal["save", "shutdown", "turn-off", "force-shutdown"]
_VmMoveAction = Literal["live", "save", "shutdown", "turn-off", "force-shutdown"]
_PropertyKind = Literal["common", "read_only_common", "private", "read_only_private"]
_Format = Literal[
    "dword", "long", "word", "qword", "ularge_integer", "large", "large_integer",
    "filetime", "sz", "expand_sz", "multi_sz", "binary", "property_list",
]
_JsonForm = Dict[str, Any]
# What decode, decode_value_list and PropertyList read (a memoryview of
# anything else, say an array or an mmap, serves too).
_Data = Union[bytes, bytearray, memoryview]

class DecodeError(ValueError):
    """A malformed list, at byte `offset`, breaking the rule `kind`."""

    offset: int
    kind: str

class EncodeError(ValueError):
    """A value or JSON form that cannot be encoded."""

class ClusterError(Exception):
    """A failed cluster call, its message naming the object the call was on:
    the Win32 `code` and its constant `name` (None when the failure is not a
    Win32 code), the clusapi `function`, and the object's kind
    (`object_kind`: "cluster", "group", "node", "resource", ...) and
    `object_name` (both None when the call was on no named object), and for
    a failed control request (reading or writing properties) the control
    code sent, `control_code`, and its `CLUSCTL_*` constant's name,
    `control_name` (None when unnamed; both None for other calls)."""

    code: Optional[int]
    name: Optional[str]
    function: Optional[str]
    object_kind: Optional[str]
    object_name: Optional[str]
    control_code: Optional[int]
    control_name: Optional[str]

def decode(data: _Data, policy: _Policy = "default") -> _JsonForm:
    """A property list as its JSON form (what `clusprop decode --json` prints)."""

def decode_value_list(data: _Data, policy: _Policy = "default") -> _JsonForm:
    """A bare value list as `{"values": [...]}`."""

def encode(obj: _JsonForm, client: bool = False) -> bytes:
    """The JSON form back to bytes (byte-exact for what `decode` returned).

    With `client=True`, EXPANDED_SZ is refused at every depth, as a list a
    client sends must; an EncodeError names the property or value refused."""

def offline_instructions(vm_action: Optional[_VmAction] = "save") -> bytes:
    """The OfflineClusterGroupEx instructions: "Virtual Machine" = DWORD action."""

def move_instructions(vm_action: Optional[_VmMoveAction] = "live") -> bytes:
    """The MoveClusterGroupEx instructions for both VM resource types."""

_BuildItem = Tuple[str, _Format, Any]

def build(items: Sequence[_BuildItem]) -> bytes:
    """A property list from (name, format, value) triples."""

def filetime_to_datetime(ticks: int) -> datetime.datetime:
    """A FILETIME as an aware UTC datetime."""

_Value = Union[int, str, List[str], bytes, datetime.datetime, "PropertyList", List[Any], None]

class PropertyList(Mapping[str, _Value]):
    """A read-only, case-insensitive view of a property list."""

    def __init__(self, data: _Data, policy: _Policy = "default") -> None: ...
    @classmethod
    def from_json(cls, obj: Mapping[str, Any]) -> "PropertyList": ...
    def __getitem__(self, name: str) -> _Value: ...
    def __iter__(self) -> Iterator[str]: ...
    def __len__(self) -> int: ...
    def values_of(self, name: str) -> List[_Value]: ...
    def format_of(self, name: str) -> str: ...
    @property
    def trailing_end_mark(self) -> bool: ...
    def to_json(self) -> Mapping[str, Any]: ...
    def to_bytes(self) -> bytes: ...

@final
class Group:
    """A cluster group (Cluster.group(name))."""

    @property
    def name(self) -> str: ...
    def state(self) -> Tuple[str, str]: ...
    def offline(
        self, vm_action: Optional[_VmAction] = None, timeout: float = 60.0, ignore_locked: bool = False
    ) -> None: ...
    def online(self, node: Optional[str] = None, timeout: float = 60.0) -> str: ...
    def move(self, node: str, vm_action: Optional[_VmMoveAction] = None, timeout: float = 60.0) -> str: ...
    def get_properties(self, kind: _PropertyKind = "common") -> _JsonForm: ...
    def set_properties(
        self, props: Mapping[str, Any], private: bool = False
    ) -> Literal["applied", "stored"]: ...

@final
class Cluster:
    """A failover cluster (clusapi.dll), or the simulated one with simulate=True
    (the demo, or the cluster `config` describes in the simulator's text format)."""

    def __new__(
        cls, name: Optional[str] = None, simulate: bool = False, config: Optional[str] = None
    ) -> "Cluster": ...
    @property
    def simulated(self) -> bool: ...
    @property
    def name(self) -> Optional[str]: ...
    def group(self, name: str) -> Group: ...
    def events(self) -> List[str]: ...

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
