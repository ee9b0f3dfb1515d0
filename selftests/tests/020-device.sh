#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "ip link add NAME type ztnet" makes an L3 point-to-point device with no ARP,
# no qdisc and an MTU of 1420, in any namespace; the same name may be used in
# two namespaces; "ip link del" removes it.
. "$ZTNET_REPO/selftests/lib.sh"

load_ztnet
ns_add dev-a
ns_add dev-b

for ns in dev-a dev-b; do
	ip -n "$ns" link add zt0 type ztnet
	ip -n "$ns" link set zt0 up
	details=$(ip -n "$ns" -d link show zt0)
	echo "$details"
	[[ $details == *"<POINTOPOINT,NOARP,UP,LOWER_UP>"* ]] || fail "$ns: flags wrong"
	[[ $details == *"mtu 1420 "* ]] || fail "$ns: MTU is not 1420"
	[[ $details == *"qdisc noqueue"* ]] || fail "$ns: has a qdisc"
	[[ $details == *"link/none"* ]] || fail "$ns: not ARPHRD_NONE"
	[[ $details == *"ztnet"* ]] || fail "$ns: link kind is not ztnet"
done

# The MTU can be changed within bounds.
ip -n dev-a link set zt0 mtu 1280
expect_fail ip -n dev-a link set zt0 mtu 10 2>/dev/null
expect_eq "$(ip -n dev-a -o link show zt0 | grep -o 'mtu [0-9]*')" "mtu 1280" "MTU"

# Nothing routes to a peer yet: a packet sent into it counts a tx error.
ip -n dev-a addr add 10.99.0.1/24 dev zt0
in_ns dev-a ping -c 1 -W 1 10.99.0.2 >/dev/null 2>&1 || true
errors=$(in_ns dev-a cat /sys/class/net/zt0/statistics/tx_errors)
[[ $errors -ge 1 ]] || fail "tx_errors is $errors after an unroutable packet"

for ns in dev-a dev-b; do
	ip -n "$ns" link del zt0
	expect_fail ip -n "$ns" link show zt0 2>/dev/null
done

# Deleting the namespace takes its device with it.
ip -n dev-b link add zt1 type ztnet
ip netns delete dev-b
unload_ztnet
