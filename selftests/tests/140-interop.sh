#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The acceptance oracle: ztnet speaks WireGuard.  Namespace A has a ztnet
# device, namespace B the kernel's own WireGuard, joined by a veth pair.
# For each of {ztnet initiates, WireGuard initiates} x {no preshared key,
# a preshared key}, on a fresh device pair where only the initiator knows
# its peer's endpoint:
#
#   initiation  the initiator pings first: the responder receives at least
#               one handshake initiation (message type 1) and the initiator
#               none, as an nftables counter on each side's port shows
#   ping        initiator -> responder, then responder -> initiator (to the
#               endpoint it learned)
#   TCP         a 2-second iperf3 each way completes
#   transfer    the byte counters of "show zt0 transfer", exactly, as
#               "byte counters" in lib.sh says: over the pings, and over 10
#               more pings of 1000 bytes after the iperf3 runs, ztnet's
#               tx_bytes for its peer grew as much as WireGuard's rx_bytes
#               and the reverse; at every quiet point each side's tx_bytes
#               is what reached the other's port
#
# All four cases run on 6.1; the debug kernel and 6.12 run two, each side
# initiating once, one of them with a preshared key (full_matrix in lib.sh).
#
# ZTNET_TEST_KIND_A / _B choose the kind of each side (default ztnet and
# wireguard); ZTNET_TEST_KIND=wireguard makes both WireGuard, to check the
# script itself.
. "$ZTNET_REPO/selftests/lib.sh"
need_cmd iperf3
need_cmd nft

kind_a=${ZTNET_TEST_KIND_A:-${ZTNET_TEST_KIND:-ztnet}}
kind_b=${ZTNET_TEST_KIND_B:-${ZTNET_TEST_KIND:-wireguard}}
declare -A port=([iop-a]=51820 [iop-b]=51821)
declare -A outer=([iop-a]=172.16.140.1 [iop-b]=172.16.140.2)
declare -A inner=([iop-a]=10.140.0.1 [iop-b]=10.140.0.2)
# Outer IPv4 and UDP headers; inner IPv4 and ICMP headers.
overhead=28 ping_headers=28
trap ztnet_cleanup_jobs EXIT

other() {
	if [[ $1 == iop-a ]]; then echo iop-b; else echo iop-a; fi
}

link_up() {
	ns_add iop-a
	ns_add iop-b
	veth_pair iop-a a0 "${outer[iop-a]}/24" iop-b b0 "${outer[iop-b]}/24"
}

# Counts handshake initiations (type 1, three zero bytes) to the local port.
count_initiations() {
	in_ns "$1" nft -f - <<-EOF
	table inet zt_iop {
		chain input {
			type filter hook input priority 0; policy accept;
			udp dport ${port[$1]} @th,64,32 0x01000000 counter
		}
	}
	EOF
}

initiations() {
	nft_counter "$1" zt_iop | cut -d' ' -f1
}

# tunnel_up INITIATOR PSK: fresh devices; only INITIATOR gets an endpoint.
tunnel_up() {
	local initiator=$1 psk=$2 ns kind peer args
	for ns in iop-a iop-b; do
		kind=$kind_a
		[[ $ns == iop-b ]] && kind=$kind_b
		keyed_dev $ns "$kind" "${port[$ns]}"
		in_ns $ns nft delete table inet zt_iop 2>/dev/null || true
		count_initiations $ns
	done
	counters_start iop-a "${port[iop-a]}" iop-b "${port[iop-b]}" "$overhead"
	for ns in iop-a iop-b; do
		peer=$(other $ns)
		args=(peer "${pubkey[$peer]}" allowed-ips "${inner[$peer]}/32")
		[[ $ns == "$initiator" ]] && args+=(endpoint "${outer[$peer]}:${port[$peer]}")
		[[ -n $psk ]] && args+=(preshared-key "$psk")
		cfg $ns set zt0 "${args[@]}"
		ip -n $ns addr add "${inner[$ns]}/24" dev zt0
		ip -n $ns link set zt0 up
	done
}

ping_ok() {
	in_ns "$1" ping -q -c 3 -i 0.3 -w 20 "${inner[$2]}" >/dev/null ||
		fail "$3: $1 gets no reply from $2 (${inner[$2]})"
}

run_case() {
	local initiator=$1 psk=$2 responder what n
	responder=$(other "$initiator")
	tunnel_up "$initiator" "$psk"
	what="${kind_of[$initiator]} ($initiator) initiates, preshared key off"
	[[ -z $psk ]] || what="${what% off} on"
	echo "$what"
	old=("${snap[@]}")
	ping_ok "$initiator" "$responder" "$what"
	ping_ok "$responder" "$initiator" "$what"
	n=$(initiations "$responder")
	((n >= 1)) || fail "$what: $responder received no handshake initiation"
	expect_eq "$(initiations "$initiator")" 0 "$what: initiations $initiator received"
	echo "  $responder received $n initiation(s), $initiator none"
	settle_counters "pings"
	check_mirror "pings" $((3 * $(msg_bytes $((56 + ping_headers))))) "${old[@]}"
	iperf "$initiator" "$responder" "${inner[$responder]}" "TCP $initiator -> $responder" -t 2
	iperf "$responder" "$initiator" "${inner[$initiator]}" "TCP $responder -> $initiator" -t 2
	settle_counters "iperf3"
	shortfall "iperf3"
	old=("${snap[@]}")
	in_ns "$initiator" ping -q -c 10 -i 0.1 -s 1000 -w 20 "${inner[$responder]}" >/dev/null ||
		fail "$what: 1000-byte pings get no reply"
	settle_counters "1000-byte pings"
	check_mirror "1000-byte pings" $((10 * $(msg_bytes $((1000 + ping_headers))))) "${old[@]}"
}

setup_kind "$kind_a"
setup_kind "$kind_b"
echo "A: $kind_a, B: $kind_b"
link_up
tool=wg
[[ $kind_a == ztnet ]] && tool=ztnet
(umask 077 && "$tool" genpsk >"$ZTNET_TMP/psk")
if full_matrix; then
	for initiator in iop-a iop-b; do
		for psk in "" "$ZTNET_TMP/psk"; do
			run_case "$initiator" "$psk"
		done
	done
else
	# The diagonal: each side initiates once, one of them with a
	# preshared key.
	run_case iop-a ""
	run_case iop-b "$ZTNET_TMP/psk"
fi
cfg iop-a show zt0
ztnet_cleanup_jobs
unload_ztnet
