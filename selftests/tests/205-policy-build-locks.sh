#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A commit's policy build holds no lock the rest of the host waits for.
# With many rules it takes seconds; the ZTNET_DEBUG=1 build holds it open
# for 20 s (delay_policy_build_ms), and meanwhile:
#
#   ip link add     of a dummy device in the same namespace: needs RTNL;
#   ztnet show      of the device being changed: needs its mutex, and
#                   generic netlink;
#
# must both finish while the build still sleeps.  Then the commit applies.
# A commit whose device moves to another namespace while its policy is
# built is refused, as the caller's privilege was for the first one; one
# whose device is deleted meanwhile is refused with "no such device" and
# leaks nothing of what it built.
. "$ZTNET_REPO/selftests/lib.sh"

nlsend=$ZTNET_REPO/selftests/tools/nlsend
[[ -x $nlsend ]] || fail "selftests/tools/nlsend was not built"

cleanup() {
	ztnet_cleanup_jobs
	unload_ztnet
}
trap cleanup EXIT

load_ztnet_debug_build 1
ns_add pb
ip -n pb link add zt0 type ztnet

# commit_held MS OUT: a commit that turns audit mode on, its build held
# MS milliseconds.
commit_held() {
	debug_knob delay_policy_build_ms "$1"
	in_ns pb "$nlsend" set 2=str:zt0 10={ 1=u8:1 } >"$2" 2>&1 &
	wait_for_delay
	debug_knob delay_policy_build_ms 0
}

# still_held WHAT: fails unless the build still sleeps.
still_held() {
	(($(debug_counter delays_waiting) == 1)) ||
		fail "$1 finished only once the policy build was over"
}

say "while a policy is built: ip link add and ztnet show"
commit_held 20000 "$ZTNET_TMP/commit.out"
commit=$!
timeout 60 ip -n pb link add d0 type dummy || fail "ip link add failed"
still_held "ip link add"
timeout 60 ip netns exec pb ztnet show zt0 >/dev/null || fail "ztnet show failed"
still_held "ztnet show"
wait "$commit" || fail "the held commit failed: $(cat "$ZTNET_TMP/commit.out")"
expect_eq "$(cat "$ZTNET_TMP/commit.out")" "ok" "the held commit"
in_ns pb "$nlsend" --dump --policy get 2=str:zt0 | grep -q '^policy mode=1 ' ||
	fail "the held commit's policy is not in force"

say "a device moved to another namespace while its policy is built takes no change"
ns_add pb2
commit_held 3000 "$ZTNET_TMP/moved.out"
commit=$!
ip -n pb link set zt0 netns pb2
wait "$commit" || true
out=$(cat "$ZTNET_TMP/moved.out")
echo "$out"
[[ $out == *"moved to another namespace"* ]] ||
	fail "a commit to a device moved away said: $out"
ip -n pb2 link set zt0 netns pb

say "a device deleted while its policy is built takes no change"
# 3 s: past 10 s, the deletion's wait for the request's reference would
# fill the kernel log.
commit_held 3000 "$ZTNET_TMP/deleted.out"
commit=$!
ip -n pb link del zt0
wait "$commit" || true
out=$(cat "$ZTNET_TMP/deleted.out")
echo "$out"
[[ $out == *"no such device"* ]] || fail "a commit to a deleted device said: $out"
