#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A device whose plaintext lockdown cannot follow it into another
# namespace does not come up there.  Its hooks fail to register only for want of
# memory; the ZTNET_DEBUG=1 build's fail_lockdown makes every
# registration fail so, while it is set.  A ztnet device in enforce
# mode that protects tcp/5432 moves from ld-a to ld-b, where ld-c talks
# plaintext to ld-b over a veth.
#
#   lost      the move goes through (a move cannot be refused), closes
#             the device as every move does, and the log says, naming the
#             device, that its lockdown is not hooked; "ip link set up"
#             then fails with ENOMEM and leaves it down, and a commit
#             that keeps the protection fails too and changes nothing
#   restored  once the hooks can be registered, "ip link set up" brings
#             it up, and plaintext from ld-c to port 5432 of ld-b is
#             dropped (counted as plaintext) while port 8080 answers
. "$ZTNET_REPO/selftests/lib.sh"

ZTFLOW=$ZTNET_REPO/selftests/tools/ztflow.py
dev=ztld0

cleanup() {
	ztnet_loaded && debug_knob fail_lockdown 0
	ztnet_cleanup_jobs
	unload_ztnet
}
trap cleanup EXIT
load_ztnet_debug_build 1
modinfo -F parm "$ZTNET_DEBUG_KO" | grep -q '^fail_lockdown:' ||
	fail "the debug build has no fail_lockdown parameter"

ns_add ld-a
ns_add ld-b
ns_add ld-c
veth_pair ld-b u0 172.16.215.1/24 ld-c u0 172.16.215.2/24
ip -n ld-a link add "$dev" type ztnet
in_ns ld-a ztnet set "$dev" policy enforce protect tcp/5432 ||
	fail "the device refused a policy that protects tcp/5432"
ip -n ld-a link set "$dev" up

# is_up NS: whether the device is administratively up in NS.
is_up() {
	ip -n "$1" -o link show "$dev" | grep -q '<[^>]*\bUP\b'
}

# drops REASON: the device's drop counter for REASON, in ld-b.
drops() {
	in_ns ld-b ztnet show "$dev" policy |
		awk -F '\t' -v r="$1" '$1 == "drops" && $2 == r { print $3 }'
}

say "hooks that cannot follow the device into ld-b"
debug_knob fail_lockdown 1
mark="lockdown-netns-$RANDOM"
echo "ztnet-test: $mark" >/dev/kmsg
ip -n ld-a link set "$dev" netns ld-b || fail "the move to ld-b was refused"
is_up ld-b && fail "the device is up after its move"
out=$(ip -n ld-b link set "$dev" up 2>&1) &&
	fail "$dev came up in ld-b without its plaintext lockdown"
[[ $out == *"Cannot allocate memory"* ]] ||
	fail "bringing $dev up failed, but not for memory: $out"
is_up ld-b && fail "$dev is up after a refused 'ip link set up'"
dmesg | sed -n "/$mark/,\$p" |
	grep -q "$dev: plaintext lockdown not hooked in the new namespace" ||
	fail "the log does not say that $dev lost its lockdown"
dmesg | sed -n "/$mark/,\$p" | grep -q "$dev: cannot come up: its plaintext lockdown" ||
	fail "the log does not say why $dev cannot come up"
out=$(in_ns ld-b ztnet set "$dev" protect tcp/5432,tcp/22 2>&1) &&
	fail "a commit that protects services went through without hooks"
[[ $out == *"cannot hook the plaintext lockdown"* ]] ||
	fail "the commit failed for another reason: $out"
in_ns ld-b ztnet show "$dev" policy | grep -q 'tcp/22' &&
	fail "the refused commit changed the protected services"

say "hooks restored as the device comes up"
debug_knob fail_lockdown 0
ip -n ld-b link set "$dev" up || fail "$dev did not come up once its hooks could be registered"
is_up ld-b || fail "$dev is not up"
in_ns ld-b "$ZTFLOW" serve --tcp 5432,8080 --timeout 300 &
wait_for 30 "ld-b's server" listening ld-b tcp 5432
before=$(drops plaintext)
unanswered ld-c 172.16.215.1 5432 --timeout 2 ||
	fail "plaintext to the protected port 5432 of ld-b was answered"
in_ns ld-c "$ZTCONNECT" 172.16.215.1 8080 --timeout 5 >/dev/null ||
	fail "plaintext to the unprotected port 8080 of ld-b was not answered"
(($(drops plaintext) > before)) ||
	fail "the plaintext to port 5432 was not counted"

exit 0
