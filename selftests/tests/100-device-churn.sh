#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Devices created and deleted in a loop by several workers at once, across
# namespaces, while other workers dump them and delete whole namespaces.
. "$ZTNET_REPO/selftests/lib.sh"
# ztnet's own lifetimes: the debug kernel watches them, and 6.12.
once_per_release

load_ztnet
rounds=20
ztnet_debug_kernel && rounds=8

churn_devices() {
	local ns=$1 i

	for i in $(seq 1 "$rounds"); do
		ip -n "$ns" link add "zt$i" type ztnet
		ip -n "$ns" link set "zt$i" up
		ip -n "$ns" link del "zt$i"
	done
}

churn_namespaces() {
	local worker=$1 i ns

	for i in $(seq 1 $((rounds / 4))); do
		ns=churn-ns-$worker-$i
		ip netns add "$ns"
		ip -n "$ns" link add zt0 type ztnet
		ip -n "$ns" link add zt1 type ztnet
		ip netns delete "$ns"
	done
}

dump_devices() {
	local ns=$1 i

	for i in $(seq 1 "$rounds"); do
		in_ns "$ns" ztnet show >/dev/null
	done
}

pids=()
for w in 1 2 3; do
	ns_add "churn-$w"
	churn_devices "churn-$w" & pids+=($!)
	dump_devices "churn-$w" & pids+=($!)
	churn_namespaces "$w" & pids+=($!)
done
for pid in "${pids[@]}"; do
	wait "$pid" || fail "a worker failed"
done

for w in 1 2 3; do
	expect_eq "$(in_ns "churn-$w" ztnet show interfaces)" "" "devices left in churn-$w"
done
unload_ztnet
