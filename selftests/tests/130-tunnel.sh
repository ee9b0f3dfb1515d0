#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The tunnel carries traffic: two namespaces A and B joined by a veth pair,
# a zt0 in each, for outer IPv4 and outer IPv6 (a fresh device pair each)
# and, over each, inner IPv4 and inner IPv6.  For every combination:
#
#   ping       A -> B and B -> A get replies (the first one waits for the
#              handshake)
#   TCP        a 2-second iperf3 A -> B completes and B received data
#   UDP        a 2-second iperf3 -u -b 20M A -> B completes and B received
#              datagrams
#   transfer   the byte counters of "show zt0 transfer", exactly, as
#              "byte counters" in lib.sh says: after the pings and after 10
#              more pings of 1000 bytes, what A's tx_bytes grew by B's
#              rx_bytes grew by and the reverse; at every quiet point each
#              side's tx_bytes is what reached the other's port (WireGuard
#              counts every message it sends and every one it
#              authenticates, handshakes and keepalives included)
#   handshake  each side's latest-handshake is within 60 s of now
#   endpoints  A shows B's veth address:port and B, which was given none,
#              learned A's
#
# All four combinations run on 6.1; the debug kernel and 6.12 run the two
# where the inner family is the outer one (full_matrix in lib.sh).
#
# ZTNET_TEST_KIND=wireguard runs the same with in-kernel WireGuard and wg(8),
# the reference; ZTNET_TEST_KIND_A / _B choose each side.
. "$ZTNET_REPO/selftests/lib.sh"
need_cmd iperf3
need_cmd nft

kind_a=${ZTNET_TEST_KIND_A:-${ZTNET_TEST_KIND:-ztnet}}
kind_b=${ZTNET_TEST_KIND_B:-${ZTNET_TEST_KIND:-ztnet}}
port_a=51820 port_b=51821
# Outer (veth) and inner (zt0) addresses of A (.1) and B (.2).
declare -A outer=([4]=172.16.130 [6]=fd00:130:1:)
declare -A inner=([4]=10.130.0 [6]=fd00:130:2:)
declare -A plen=([4]=24 [6]=64)
# Outer IP and UDP headers, and inner IP and ICMP headers, by family.
declare -A outer_headers=([4]=28 [6]=48)
declare -A ping_headers=([4]=28 [6]=48)
trap ztnet_cleanup_jobs EXIT

# addr FAMILY PREFIX HOST: "10.130.0.2" or "fd00:130:2::2".
addr() {
	if [[ $1 == 4 ]]; then echo "$2.$3"; else echo "$2:$3"; fi
}

link_up() {
	ns_add tun-a
	ns_add tun-b
	veth_pair tun-a a0 "$(addr 4 "${outer[4]}" 1)/${plen[4]}" \
		tun-b b0 "$(addr 4 "${outer[4]}" 2)/${plen[4]}"
	addr_add tun-a a0 "$(addr 6 "${outer[6]}" 1)/${plen[6]}"
	addr_add tun-b b0 "$(addr 6 "${outer[6]}" 2)/${plen[6]}"
}

# tunnel_up OUTER_FAMILY: a fresh zt0 on each side; A knows B's endpoint,
# B does not know A's.
tunnel_up() {
	local of=$1 f
	keyed_dev tun-a "$kind_a" $port_a
	keyed_dev tun-b "$kind_b" $port_b
	cfg tun-a set zt0 peer "${pubkey[tun-b]}" \
		endpoint "$(sockaddr "$(addr "$of" "${outer[$of]}" 2)" $port_b)" \
		allowed-ips "$(addr 4 "${inner[4]}" 2)/32,$(addr 6 "${inner[6]}" 2)/128"
	cfg tun-b set zt0 peer "${pubkey[tun-a]}" \
		allowed-ips "$(addr 4 "${inner[4]}" 1)/32,$(addr 6 "${inner[6]}" 1)/128"
	for f in 4 6; do
		addr_add tun-a zt0 "$(addr "$f" "${inner[$f]}" 1)/${plen[$f]}"
		addr_add tun-b zt0 "$(addr "$f" "${inner[$f]}" 2)/${plen[$f]}"
	done
	counters_start tun-a $port_a tun-b $port_b "${outer_headers[$of]}"
	up_since=$(date +%s)
	ip -n tun-a link set zt0 up
	ip -n tun-b link set zt0 up
}

ping_ok() {
	in_ns "$1" ping -q -c 3 -i 0.3 -w 20 "$2" >/dev/null ||
		fail "$3: no reply from $2"
}

# check_handshake WHAT SINCE: each side's latest handshake is an epoch time
# after the devices came up (SINCE) and, for the first check after it, within
# 60 s of now.  Later checks may come more than 60 s after it on a slow
# kernel: nothing renews a session that young.
check_handshake() {
	local ns t now
	now=$(date +%s)
	for ns in tun-a tun-b; do
		t=$(peer_field $ns latest-handshakes)
		if [[ ! $t =~ ^[0-9]+$ ]] || ((t < $2 - 1 || t > now + 1)); then
			fail "$1: $ns's latest handshake '$t' is not between $2 and $now"
		fi
		if [[ $3 == first ]] && ((t <= now - 60)); then
			fail "$1: $ns's latest handshake '$t' is not within 60 s of $now"
		fi
	done
}

check_endpoints() {
	local of=$1 want
	want=$(sockaddr "$(addr "$of" "${outer[$of]}" 2)" $port_b)
	expect_eq "$(peer_field tun-a endpoints)" "$want" "A's endpoint for B"
	want=$(sockaddr "$(addr "$of" "${outer[$of]}" 1)" $port_a)
	expect_eq "$(peer_field tun-b endpoints)" "$want" "B's endpoint for A, learned"
}

setup_kind "$kind_a"
setup_kind "$kind_b"
echo "A: $kind_a, B: $kind_b"
link_up
for of in 4 6; do
	tunnel_up "$of"
	families=("$of")
	full_matrix && families=(4 6)
	for f in "${families[@]}"; do
		what="outer IPv$of, inner IPv$f"
		echo "$what (at ${SECONDS}s)"
		dst=$(addr "$f" "${inner[$f]}" 2)
		old=("${snap[@]}")
		ping_ok tun-a "$dst" "$what, A -> B"
		ping_ok tun-b "$(addr "$f" "${inner[$f]}" 1)" "$what, B -> A"
		check_handshake "$what" "$up_since" "$([[ $f == "${families[0]}" ]] && echo first)"
		check_endpoints "$of"
		settle_counters "pings"
		check_mirror "pings" $((3 * $(msg_bytes $((56 + ping_headers[$f]))))) "${old[@]}"
		iperf tun-a tun-b "$dst" "TCP" -t 2
		iperf tun-a tun-b "$dst" "UDP" -u -b 20M -t 2
		settle_counters "iperf3"
		shortfall "iperf3"
		old=("${snap[@]}")
		in_ns tun-a ping -q -c 10 -i 0.1 -s 1000 -w 20 "$dst" >/dev/null ||
			fail "$what: 1000-byte pings get no reply"
		settle_counters "1000-byte pings"
		check_mirror "1000-byte pings" $((10 * $(msg_bytes $((1000 + ping_headers[$f]))))) "${old[@]}"
	done
	cfg tun-a show zt0
done
ztnet_cleanup_jobs
unload_ztnet
