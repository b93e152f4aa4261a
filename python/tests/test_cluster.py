"""The cluster path against the simulated cluster: offline, online, move,
properties, and ClusterError with the Win32 code and name."""

import gc
import os
import signal
import sys
import threading
import time

import pytest

import clusprop


@pytest.fixture
def cluster():
    # One simulated cluster per process: collect the previous test's (kept
    # alive by reference cycles through exception tracebacks) first.
    gc.collect()
    return clusprop.Cluster(simulate=True)


def test_one_simulated_cluster_at_a_time(cluster):
    with pytest.raises(RuntimeError, match="one per process"):
        clusprop.Cluster(simulate=True)


def test_offline_save_then_online(cluster):
    group = cluster.group("DemoGroup")
    assert cluster.simulated and group.name == "DemoGroup"
    assert group.state() == ("Online", "NODE1")
    assert group.offline(vm_action="save", timeout=30) is None
    assert group.state()[0] == "Offline"
    assert "DemoVM (Virtual Machine): VM saved its state" in cluster.events()
    assert group.online(timeout=30) == "NODE1"
    assert group.state() == ("Online", "NODE1")


def test_online_on_a_node(cluster):
    group = cluster.group("DemoGroup")
    group.offline(vm_action="shutdown")
    assert group.online(node="NODE2") == "NODE2"


def test_online_on_a_node_that_ends_elsewhere_is_a_cluster_error():
    # A group partly online is brought up where it is: asked for NODE2, it
    # stays on NODE1, which is an error (as for move), not a quiet "NODE1".
    gc.collect()
    cluster = clusprop.Cluster(
        simulate=True,
        config='cluster "Part" local\nnode "NODE2"\ngroup "G"\nresource "R" type=Generic\n'
        'resource "S" type=Generic state=offline\n',
    )
    group = cluster.group("G")
    with pytest.raises(clusprop.ClusterError) as caught:
        group.online(node="NODE2", timeout=30)
    assert str(caught.value) == (
        'group "G": ended on node "NODE1", not on "NODE2" as asked (the group was already '
        "partially online: an online leaves a group where it is, a move takes it to another node)"
    )
    assert (caught.value.object_kind, caught.value.object_name) == ("group", "G")
    assert group.state() == ("Online", "NODE1")
    assert group.online() == "NODE1"


def test_online_on_a_node_of_a_group_already_online_says_a_move_does_that(cluster):
    # Before: only "ended on node ..., not on ... as asked"; the CLI alone
    # said why (the group was already online).
    group = cluster.group("DemoGroup")
    with pytest.raises(clusprop.ClusterError) as caught:
        group.online(node="NODE2", timeout=30)
    assert str(caught.value) == (
        'group "DemoGroup": ended on node "NODE1", not on "NODE2" as asked (the group was '
        "already online: an online leaves a group where it is, a move takes it to another node)"
    )
    assert group.state() == ("Online", "NODE1")


def test_live_migration(cluster):
    group = cluster.group("DemoGroup")
    assert group.move("NODE2", vm_action="live", timeout=30) == "NODE2"
    assert group.state() == ("Online", "NODE2")
    assert any("live-migrated to NODE2" in e for e in cluster.events())
    assert group.move("node1", vm_action="save") == "NODE1"


def test_errors_carry_the_win32_code_and_name(cluster):
    with pytest.raises(clusprop.ClusterError) as caught:
        cluster.group("NoSuchGroup")
    assert (caught.value.code, caught.value.name) == (5013, "ERROR_GROUP_NOT_FOUND")
    assert caught.value.function == "OpenClusterGroup"
    # The message and the attributes name the object the call was on.
    assert str(caught.value) == 'group "NoSuchGroup": OpenClusterGroup failed: ERROR_GROUP_NOT_FOUND (5013)'
    assert (caught.value.object_kind, caught.value.object_name) == ("group", "NoSuchGroup")
    assert caught.value.control_code is None and caught.value.control_name is None
    # A quote or a backslash of the name is escaped in the message, kept in the attribute.
    with pytest.raises(clusprop.ClusterError) as caught:
        cluster.group('No"Such\\Group')
    assert str(caught.value).startswith('group "No\\"Such\\\\Group": OpenClusterGroup failed')
    assert caught.value.object_name == 'No"Such\\Group'
    assert repr(cluster.group("DemoGroup")) == '<clusprop.Group "DemoGroup">'
    group = cluster.group("DemoGroup")
    with pytest.raises(clusprop.ClusterError) as caught:
        group.move("NODE9", vm_action="live")
    assert caught.value.name == "ERROR_CLUSTER_NODE_NOT_FOUND"
    assert str(caught.value).startswith('node "NODE9": OpenClusterNode failed')
    assert (caught.value.object_kind, caught.value.object_name) == ("node", "NODE9")
    # A call on an open group: the group, once.
    with pytest.raises(clusprop.ClusterError) as caught:
        group.set_properties({"GroupType": ("dword", 5)})
    assert caught.value.function == "ClusterGroupControl"
    assert str(caught.value).startswith(
        'group "DemoGroup": CLUSCTL_GROUP_SET_COMMON_PROPERTIES (0x0340005E): '
        "ClusterGroupControl failed: "
    )
    assert str(caught.value).count("DemoGroup") == 1
    assert caught.value.control_code == 0x0340005E
    assert caught.value.control_name == "CLUSCTL_GROUP_SET_COMMON_PROPERTIES"
    # A name is escaped as it is shown, and kept as given in the attribute.
    with pytest.raises(clusprop.ClusterError) as caught:
        cluster.group("a\x1b[2Jb")
    assert str(caught.value).startswith('group "a\\u{1b}[2Jb": ')
    assert caught.value.object_name == "a\x1b[2Jb"
    with pytest.raises(ValueError, match="unknown VM action"):
        group.offline(vm_action="live")
    with pytest.raises(ValueError, match="timeout"):
        group.offline(timeout=-1)


def test_get_and_set_properties(cluster):
    group = cluster.group("DemoGroup")
    common = clusprop.PropertyList.from_json(group.get_properties())
    assert common["Description"] == "a virtual machine and its disk"
    assert group.set_properties({"Description": ("sz", "changed")}) == "applied"
    assert clusprop.PropertyList.from_json(group.get_properties("common"))["description"] == "changed"
    form = clusprop.decode(clusprop.build([("Priority", "dword", 3000)]))
    group.set_properties(form)
    assert clusprop.PropertyList.from_json(group.get_properties())["Priority"] == 3000
    with pytest.raises(clusprop.EncodeError, match="pair"):
        group.set_properties({"Priority": 1})
    with pytest.raises(ValueError, match="unknown property kind"):
        group.get_properties("everything")


@pytest.mark.skipif(sys.platform == "win32", reason="Windows has a cluster API to load")
def test_without_a_cluster_api_the_error_says_so():
    with pytest.raises(clusprop.ClusterError, match="unsupported") as caught:
        clusprop.Cluster()
    assert caught.value.code is None and caught.value.name is None
    assert caught.value.object_kind is None and caught.value.object_name is None
    assert caught.value.control_code is None and caught.value.control_name is None


@pytest.mark.parametrize("timeout", [1e20, float("inf"), float("nan"), -0.5])
def test_a_timeout_beyond_a_duration_is_a_value_error(cluster, timeout):
    # Beyond about 1.8e19 s the conversion to a Rust Duration panicked
    # (PanicException) instead of refusing the value.
    group = cluster.group("DemoGroup")
    for call in (group.offline, group.online, lambda timeout: group.move("NODE2", timeout=timeout)):
        with pytest.raises(ValueError, match="timeout must be a number of seconds from 0") as caught:
            call(timeout=timeout)
        assert "got" in str(caught.value)
    assert group.state() == ("Online", "NODE1")


def test_set_properties_refuses_a_form_that_contains_itself(cluster):
    # The same depythonize as encode: it recursed until the stack overflowed.
    group = cluster.group("DemoGroup")
    form = {"properties": [{"name": "X", "values": []}]}
    form["properties"][0]["values"].append({"syntax": 65550, "format": "property_list", "value": form})
    with pytest.raises(clusprop.EncodeError, match="nested deeper than 32 levels"):
        group.set_properties(form)


def test_set_properties_errors_name_the_property_and_take_any_mapping(cluster):
    import types

    group = cluster.group("DemoGroup")
    # The stubs say Mapping: a read-only mapping was a TypeError.
    assert group.set_properties(types.MappingProxyType({"Description": ("sz", "x")})) == "applied"
    with pytest.raises(clusprop.EncodeError, match=r"found 1099511627776 in property 1 \"Priority\"$"):
        group.set_properties({"Description": ("sz", "y"), "Priority": ("dword", 2**40)})
    with pytest.raises(clusprop.EncodeError, match="pair, found tuple in property 0 \"Priority\"$"):
        group.set_properties({"Priority": ("dword", 1, 2)})
    with pytest.raises(clusprop.EncodeError, match="name, found int in property 0$"):
        group.set_properties({1: ("dword", 1)})
    # A quote or a backslash of the name is escaped inside the quotes.
    with pytest.raises(clusprop.EncodeError) as caught:
        group.set_properties({'P"x\\': ("dword", 1, 2)})
    assert str(caught.value).endswith(' in property 0 "P\\"x\\\\"'), str(caught.value)
    with pytest.raises(TypeError, match="expected a mapping"):
        group.set_properties([("Priority", ("dword", 1))])
    assert clusprop.PropertyList.from_json(group.get_properties())["Description"] == "x"


def test_timeout_refuses_a_bool_and_says_why_for_a_huge_int(cluster):
    group = cluster.group("DemoGroup")
    # timeout=True was a wait of one second; 10**400 an OverflowError
    # ("int too large to convert to float") naming no argument.
    for call in (group.offline, group.online, lambda **kw: group.move("NODE2", **kw)):
        with pytest.raises(ValueError, match="^timeout must be a number of seconds from 0 to .*, got True"):
            call(timeout=True)
        with pytest.raises(ValueError, match="^timeout must be a number of seconds from 0 to .*, got an int beyond"):
            call(timeout=10**400)
        with pytest.raises(ValueError, match="got -1.0"):
            call(timeout=-1)
        with pytest.raises(TypeError, match="^timeout must be a number of seconds, found str"):
            call(timeout="5")
    assert group.state() == ("Online", "NODE1")
    assert group.offline(timeout=30) is None and group.online(timeout=30.5) == "NODE1"


def test_a_property_named_properties_is_a_property_not_the_json_form(cluster):
    group = cluster.group("DemoGroup")
    # {"properties": (format, value)} was read as the JSON form and refused
    # ("invalid property list: unexpected type: 'str' object is not an
    # instance of 'Mapping'").
    assert group.set_properties({"properties": ("sz", "x")}, private=True) in ("applied", "stored")
    private = clusprop.PropertyList.from_json(group.get_properties("private"))
    assert private["properties"] == "x"
    # The JSON form under the same key is still the JSON form.
    form = {"properties": [{"name": "Description", "values": [{"syntax": 0x00010003, "format": "sz", "value": "d"}]}]}
    assert group.set_properties(form) in ("applied", "stored")
    assert clusprop.PropertyList.from_json(group.get_properties())["Description"] == "d"


def test_a_list_that_cannot_be_sent_is_an_encode_error_naming_the_property(cluster):
    # It was a ClusterError ("cannot encode the instructions: EXPANDED_SZ
    # ...", code None) naming neither the property nor the value.
    expanded = {"syntax": 0x00010008, "format": "expanded_sz", "value": "%x%"}
    form = {"properties": [
        {"name": "Description", "values": [{"syntax": 0x00010003, "format": "sz", "value": "d"}]},
        {"name": "Path", "values": [expanded]},
    ]}
    with pytest.raises(clusprop.EncodeError, match=r'EXPANDED_SZ.* in property 1 "Path", value 0$'):
        cluster.group("DemoGroup").set_properties(form)


# A group whose VM takes 8 s to go offline, so a wait on it lasts well past
# the interrupt even on a loaded machine.
SLOW = """
cluster "SlowCluster" local
group "SlowGroup"
resource "SlowVM" type="Virtual Machine" delay-ms=8000
"""


@pytest.mark.skipif(sys.platform == "win32", reason="os.kill(SIGINT) ends the process on Windows")
def test_ctrl_c_stops_a_wait_with_keyboard_interrupt():
    # The wait runs without the GIL; Python's SIGINT handler only ran when
    # it returned, so Ctrl-C did nothing until the timeout.
    gc.collect()
    cluster = clusprop.Cluster(simulate=True, config=SLOW)
    group = cluster.group("SlowGroup")
    timer = threading.Timer(0.2, os.kill, (os.getpid(), signal.SIGINT))
    start = time.monotonic()
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            group.offline(timeout=60)
    finally:
        timer.cancel()
    assert time.monotonic() - start < 5.0, "stopped within a poll interval, not at the end"
    # Only the wait stopped: the offline goes on in the cluster.
    assert group.state()[0] == "Pending"
    deadline = time.monotonic() + 30
    while group.state()[0] == "Pending" and time.monotonic() < deadline:
        time.sleep(0.05)
    assert group.state()[0] == "Offline"


def test_a_simulated_cluster_from_a_config():
    gc.collect()
    cluster = clusprop.Cluster(simulate=True, config=SLOW)
    assert cluster.group("SlowGroup").state() == ("Online", "NODE1")
    del cluster
    gc.collect()
    with pytest.raises(ValueError, match="^config: line 3, column 14: delay-ms: `x` is not a number"):
        clusprop.Cluster(simulate=True, config='cluster "C" local\ngroup "G"\nresource "R" delay-ms=x\n')
    # A property's TYPE:VALUE says what is wrong and where in the value.
    with pytest.raises(ValueError) as info:
        clusprop.Cluster(simulate=True, config='cluster "C" local\ngroup "G"\nprivate "X=dword:12a4"\n')
    assert str(info.value) == (
        "config: line 3, column 12: `X`: not a number: 'a' at character 3 of the value"
    )
    # Text quoted from the config comes back escaped, at the token's column.
    with pytest.raises(ValueError) as info:
        clusprop.Cluster(simulate=True, config='cluster C\ngroup "G\x1b[31m" owner=N9\n')
    assert str(info.value) == "config: line 2, column 7: group `G\\u{1b}[31m`: no node `N9`"
    with pytest.raises(ValueError, match="pass simulate=True"):
        clusprop.Cluster(config=SLOW)
