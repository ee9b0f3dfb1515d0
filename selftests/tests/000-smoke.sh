#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The VM itself works: namespaces, veth, ping, in-kernel WireGuard (the
# reference implementation), and, once built, creating a ztnet device.
. "$ZTNET_REPO/selftests/lib.sh"

veth_pair_pings() {
	ns_add smoke-a
	ns_add smoke-b
	ip -n smoke-a link add veth-a type veth peer name veth-b netns smoke-b
	ip -n smoke-a addr add 192.0.2.1/24 dev veth-a
	ip -n smoke-b addr add 192.0.2.2/24 dev veth-b
	ip -n smoke-a link set veth-a up
	ip -n smoke-b link set veth-b up
	in_ns smoke-a ping -c 1 -W 5 192.0.2.2 >/dev/null || fail "no ping across the veth pair"
}

wireguard_device_works() {
	# Built in on the debug kernel, which has no /lib/modules.
	modprobe wireguard 2>/dev/null || true
	ip -n smoke-a link add wg0 type wireguard
	in_ns smoke-a wg set wg0 private-key <(wg genkey) listen-port 51820
	expect_eq "$(in_ns smoke-a wg show wg0 listen-port)" 51820 "wg0 listen port"
	ip -n smoke-a link del wg0
}

ztnet_device_works() {
	if [[ ! -f $ZTNET_KO ]]; then
		echo "ztnet.ko not built: not creating a ztnet device"
		return
	fi
	load_ztnet
	ip -n smoke-a link add zt0 type ztnet
	ip -n smoke-a link show zt0 >/dev/null || fail "zt0 missing after creation"
	ip -n smoke-a link del zt0
	expect_fail ip -n smoke-a link show zt0 2>/dev/null
	unload_ztnet
}

veth_pair_pings
wireguard_device_works
ztnet_device_works
