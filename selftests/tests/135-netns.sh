#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A device's UDP sockets live in the namespace it was created in, as with
# WireGuard: a device created in "outside" and moved into "inside" carries
# inside's traffic over outside's network.  When outside goes away, the
# device loses its sockets but lives on, and nothing crashes or leaks.
. "$ZTNET_REPO/selftests/lib.sh"
need_wireguard
need_cmd ss

load_ztnet
ns_add nn-out
ns_add nn-in
ns_add nn-wg
ip link add nn-v0 netns nn-out type veth peer name nn-v1 netns nn-wg
ip -n nn-out addr add 192.168.79.1/24 dev nn-v0
ip -n nn-wg addr add 192.168.79.2/24 dev nn-v1
ip -n nn-out link set nn-v0 up
ip -n nn-wg link set nn-v1 up

umask 077
zk=$ZTNET_TMP/zt.key wk=$ZTNET_TMP/wg.key
wg genkey >"$zk"
wg genkey >"$wk"
zp=$(wg pubkey <"$zk") wp=$(wg pubkey <"$wk")

ip -n nn-out link add zt0 type ztnet
ip -n nn-out link set zt0 netns nn-in
in_ns nn-in ztnet set zt0 private-key "$zk" listen-port 51830 \
	peer "$wp" endpoint 192.168.79.2:51831 allowed-ips 10.79.0.2/32
ip -n nn-in addr add 10.79.0.1/24 dev zt0
ip -n nn-in link set zt0 up

ip -n nn-wg link add wg0 type wireguard
in_ns nn-wg wg set wg0 private-key "$wk" listen-port 51831 \
	peer "$zp" allowed-ips 10.79.0.1/32
ip -n nn-wg addr add 10.79.0.2/24 dev wg0
ip -n nn-wg link set wg0 up

in_ns nn-out ss -Hlun | grep -q ':51830 ' ||
	fail "the socket is not in the namespace the device was created in"
if in_ns nn-in ss -Hlun | grep -q ':51830 '; then
	fail "the socket followed the device into its new namespace"
fi
in_ns nn-in ping -c 2 -W 5 10.79.0.2 >/dev/null ||
	fail "no traffic from the moved device over its birth namespace"

ip netns delete nn-out
# The device survives the loss of its sockets, and can still be read.
in_ns nn-in ztnet show zt0 >/dev/null || fail "the device did not survive its sockets"
if in_ns nn-in ping -c 1 -W 2 10.79.0.2 >/dev/null 2>&1; then
	fail "traffic flowed with the sockets' namespace gone"
fi
# Without a namespace to bind in, bringing the device up fails cleanly.
ip -n nn-in link set zt0 down
if ip -n nn-in link set zt0 up 2>/dev/null; then
	fail "the device came up without a namespace for its sockets"
fi
ip -n nn-in link del zt0
