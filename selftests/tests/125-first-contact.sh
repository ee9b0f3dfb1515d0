#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The shortest proof that the tunnel works: a ztnet device and an in-kernel
# WireGuard device in two namespaces, each side pinging the other first.
. "$ZTNET_REPO/selftests/lib.sh"
need_wireguard

load_ztnet
ns_add fc-zt
ns_add fc-wg
ip link add fc-v0 netns fc-zt type veth peer name fc-v1 netns fc-wg
ip -n fc-zt addr add 192.168.77.1/24 dev fc-v0
ip -n fc-wg addr add 192.168.77.2/24 dev fc-v1
ip -n fc-zt link set fc-v0 up
ip -n fc-wg link set fc-v1 up

umask 077
zk=$ZTNET_TMP/zt.key wk=$ZTNET_TMP/wg.key
wg genkey >"$zk"
wg genkey >"$wk"
zp=$(wg pubkey <"$zk") wp=$(wg pubkey <"$wk")

ip -n fc-zt link add zt0 type ztnet
ip -n fc-wg link add wg0 type wireguard
in_ns fc-zt ztnet set zt0 private-key "$zk" listen-port 51820 \
	peer "$wp" endpoint 192.168.77.2:51821 allowed-ips 10.77.0.2/32
in_ns fc-wg wg set wg0 private-key "$wk" listen-port 51821 \
	peer "$zp" endpoint 192.168.77.1:51820 allowed-ips 10.77.0.1/32
ip -n fc-zt addr add 10.77.0.1/24 dev zt0
ip -n fc-wg addr add 10.77.0.2/24 dev wg0
ip -n fc-zt link set zt0 up
ip -n fc-wg link set wg0 up

in_ns fc-zt ping -c 3 -W 5 10.77.0.2 || {
	dmesg | tail -30
	in_ns fc-zt ztnet show zt0
	in_ns fc-wg wg show wg0
	fail "ztnet could not reach WireGuard"
}
in_ns fc-wg ping -c 3 -W 5 10.77.0.1 || fail "WireGuard could not reach ztnet"
in_ns fc-zt ztnet show zt0
in_ns fc-wg wg show wg0

# Like WireGuard's, the link has no link-local address to solicit routers
# with, so nothing unroutable is sent by the kernel itself.
if ip -n fc-zt -6 addr show dev zt0 | grep -q fe80; then
	fail "zt0 has an IPv6 link-local address"
fi
tx_errors=$(ip -n fc-zt -j -s link show zt0 | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["stats64"]["tx"]["errors"])')
expect_eq 0 "$tx_errors" "tx errors on a link with a peer for every packet"

# The device counts whole messages, as the peer's transfer does.  The two
# are read apart, and WireGuard's keepalive, due 10 s after the last reply
# it received, may land in between on a slow kernel: they are read again
# until the peer's count held still across the device's.
peer_rx() { in_ns fc-zt ztnet show zt0 transfer | cut -f2; }
for _ in 1 2 3; do
	before=$(peer_rx)
	dev_rx=$(ip -n fc-zt -j -s link show zt0 | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["stats64"]["rx"]["bytes"])')
	peer_rx=$(peer_rx)
	[[ $peer_rx == "$before" ]] && break
done
expect_eq "$peer_rx" "$dev_rx" "device rx bytes against the peer's"
