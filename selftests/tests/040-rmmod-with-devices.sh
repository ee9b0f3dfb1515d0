#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# rmmod with devices up in several namespaces removes them all and leaves
# nothing behind; the module loads again afterwards.
. "$ZTNET_REPO/selftests/lib.sh"
# ztnet's own lifetimes: the debug kernel watches them, and 6.12.
once_per_release

load_ztnet
ns_add rm-a
ns_add rm-b
for ns in rm-a rm-b; do
	for dev in zt0 zt1 zt2; do
		ip -n "$ns" link add "$dev" type ztnet
		ip -n "$ns" addr add 10.$((RANDOM % 200)).0.1/24 dev "$dev"
		ip -n "$ns" link set "$dev" up
	done
done
ip link add zt-init type ztnet

rmmod ztnet || fail "rmmod with devices present failed"
for ns in rm-a rm-b; do
	left=$(ip -n "$ns" -o link show type ztnet 2>/dev/null | wc -l)
	expect_eq "$left" 0 "ztnet devices left in $ns"
done
expect_fail ip link show zt-init 2>/dev/null

load_ztnet
ip -n rm-a link add zt0 type ztnet
unload_ztnet
