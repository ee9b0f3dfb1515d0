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
#               "byte counters" below says: over the pings, and over 10
#               more pings of 1000 bytes after the iperf3 runs, ztnet's
#               tx_bytes for its peer grew as much as WireGuard's rx_bytes
#               and the reverse; at every quiet point each side's tx_bytes
#               is what reached the other's port
#
# ZTNET_TEST_KIND_A / _B choose the kind of each side (default ztnet and
# wireguard); ZTNET_TEST_KIND=wireguard makes both WireGuard, to check the
# script itself.
. "$ZTNET_REPO/selftests/lib.sh"
need_cmd iperf3
need_cmd nft

kind_a=${ZTNET_TEST_KIND_A:-${ZTNET_TEST_KIND:-ztnet}}
kind_b=${ZTNET_TEST_KIND_B:-${ZTNET_TEST_KIND:-wireguard}}
declare -A kind_of=()
declare -A port=([iop-a]=51820 [iop-b]=51821)
declare -A outer=([iop-a]=172.16.140.1 [iop-b]=172.16.140.2)
declare -A inner=([iop-a]=10.140.0.1 [iop-b]=10.140.0.2)
declare -A pub=()
ns_a=iop-a ns_b=iop-b snap=()
# Outer IPv4 and UDP headers; inner IPv4 and ICMP headers.
overhead=28 ping_headers=28

cleanup() {
	local pids
	mapfile -t pids < <(jobs -p)
	((${#pids[@]} == 0)) || kill "${pids[@]}" 2>/dev/null || true
	ztnet_cleanup
}
trap cleanup EXIT

setup_kind() {
	case $1 in
	ztnet) load_ztnet ;;
	wireguard) need_wireguard ;;
	*) fail "unknown device kind '$1': ztnet or wireguard" ;;
	esac
}

# mkdev NS NAME KIND: a fresh device of that kind.
mkdev() {
	kind_of[$1]=$3
	ip -n "$1" link del "$2" 2>/dev/null || true
	ip -n "$1" link add "$2" type "$3"
}

# cfg NS ARGS...: the configuration tool of the device kind in NS.
cfg() {
	local ns=$1 tool=ztnet
	shift
	[[ ${kind_of[$ns]} == wireguard ]] && tool=wg
	in_ns "$ns" "$tool" "$@"
}

other() {
	if [[ $1 == iop-a ]]; then echo iop-b; else echo iop-a; fi
}

# peer_field NS FIELD: the value of "show zt0 FIELD" for the only peer.
peer_field() {
	cfg "$1" show zt0 "$2" | cut -f2-
}

link_up() {
	local ns dev
	ns_add iop-a
	ns_add iop-b
	ip -n iop-a link add a0 type veth peer name b0 netns iop-b
	for ns in iop-a iop-b; do
		dev=a0
		[[ $ns == iop-b ]] && dev=b0
		ip -n $ns addr add "${outer[$ns]}/24" dev $dev
		ip -n $ns link set $dev up
	done
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
		mkdev $ns zt0 "$kind"
		(umask 077 && cfg $ns genkey >"$ZTNET_TMP/$ns.key")
		cfg $ns set zt0 private-key "$ZTNET_TMP/$ns.key" listen-port "${port[$ns]}"
		pub[$ns]=$(cfg $ns show zt0 public-key)
		in_ns $ns nft delete table inet zt_iop 2>/dev/null || true
		count_initiations $ns
		count_wire $ns "${port[$ns]}"
	done
	for ns in iop-a iop-b; do
		peer=$(other $ns)
		args=(peer "${pub[$peer]}" allowed-ips "${inner[$peer]}/32")
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

# iperf FROM TO WHAT: a 2-second TCP iperf3 run; prints the receiver's line.
iperf() {
	local from=$1 to=$2 what=$3 server deadline=$((SECONDS + 30)) line
	in_ns "$to" iperf3 -s -1 -B "${inner[$to]}" >"$ZTNET_TMP/iperf-server.log" 2>&1 &
	server=$!
	until in_ns "$to" ss -Hltn "sport = :5201" | grep -q .; do
		((SECONDS < deadline)) || fail "$what: iperf3 server in $to does not listen"
		sleep 0.1
	done
	if ! in_ns "$from" timeout 60 iperf3 -c "${inner[$to]}" --connect-timeout 10000 -t 2 \
		>"$ZTNET_TMP/iperf.log" 2>&1; then
		cat "$ZTNET_TMP/iperf.log" "$ZTNET_TMP/iperf-server.log"
		fail "$what: TCP iperf3 $from -> $to failed"
	fi
	wait "$server" || fail "$what: iperf3 server in $to exited with $?"
	line=$(grep 'receiver$' "$ZTNET_TMP/iperf.log" | tail -n1)
	[[ -n $line ]] || { cat "$ZTNET_TMP/iperf.log"; fail "$what: no receiver summary"; }
	echo "  TCP $from -> $to: ${line#*]}"
}

# --- byte counters ---------------------------------------------------------
#
# Under a full-speed iperf3 in the VM a receiver may drop messages in its
# own queues, uncounted: in-kernel WireGuard does, between two WireGuard
# devices too (59 of 31363 messages in one TCP run), so two ends' totals
# need not agree after such a run.  The counters are checked exactly in two
# ways instead, at quiet points (two reads half a second apart agree):
#
#   wire    each side's tx_bytes equals the bytes of its messages that
#           reached the other side's port, as an nftables counter there
#           sees them less the outer IP and UDP headers; the receiver's
#           rx_bytes cannot exceed them (what falls short is shown)
#   mirror  over a phase of pings, what one side's tx_bytes grew by the
#           other side's rx_bytes grew by, to the byte, and at least by
#           the size of the messages the pings make (a message is 32 bytes
#           more than the inner packet padded to 16)

# count_wire NS PORT: counts what reaches the tunnel's port in NS.
count_wire() {
	in_ns "$1" nft delete table inet zt_wire 2>/dev/null || true
	in_ns "$1" nft -f - <<-EOT
	table inet zt_wire {
		chain input {
			type filter hook input priority 0; policy accept;
			udp dport $2 counter
		}
	}
	EOT
}

# wire NS: bytes of the tunnel messages that reached NS's port so far.
wire() {
	nft_counter "$1" zt_wire |
		awk -v o="$overhead" '{ print $2 - $1 * o }'
}

# msg_bytes INNER_PACKET_LENGTH: the size of the data message carrying it.
msg_bytes() {
	echo $((32 + ($1 + 15) / 16 * 16))
}

# Where packets may have gone missing, for a failure to tell a lossy path
# from a wrong counter.
loss_report() {
	local ns
	for ns in "$ns_a" "$ns_b"; do
		echo "--- $ns"
		ip -n "$ns" -s -s link show
		in_ns "$ns" grep -E '^(Udp|Udp6|Ip):' /proc/net/snmp
	done
	echo "--- softnet_stat (processed dropped squeezed ...)"
	cat /proc/net/softnet_stat
}

snapshot() {
	echo "$(peer_field "$ns_a" transfer) $(peer_field "$ns_b" transfer)" \
		"$(wire "$ns_a") $(wire "$ns_b")" | tr '\t' ' '
}

# settle WHAT: waits for a quiet point, sets snap to (A's rx tx, B's rx tx,
# bytes at A's port, bytes at B's port) and checks the wire.
settle() {
	local what=$1 prev="" cur deadline=$((SECONDS + 60))
	while :; do
		cur=$(snapshot)
		[[ $cur == "$prev" ]] && break
		((SECONDS < deadline)) || fail "$what: counters still moving after 60 s: $cur"
		prev=$cur
		sleep 0.5
	done
	read -r -a snap <<<"$cur"
	check_wire "$what"
}

check_wire() {
	local what=$1 a_rx=${snap[0]} a_tx=${snap[1]} b_rx=${snap[2]} b_tx=${snap[3]}
	local a_wire=${snap[4]} b_wire=${snap[5]}
	if [[ $a_tx != "$b_wire" || $b_tx != "$a_wire" ]] || ((a_rx > a_wire || b_rx > b_wire)); then
		echo "A: tx $a_tx rx $a_rx, at its port $a_wire; B: tx $b_tx rx $b_rx, at its port $b_wire"
		loss_report
	fi
	expect_eq "$a_tx" "$b_wire" "$what: A's tx_bytes against its messages at B's port"
	expect_eq "$b_tx" "$a_wire" "$what: B's tx_bytes against its messages at A's port"
	((a_rx <= a_wire && b_rx <= b_wire)) ||
		fail "$what: rx_bytes exceed what arrived (A $a_rx > $a_wire or B $b_rx > $b_wire)"
}

# shortfall WHAT: what each receiver counted of what reached it.
shortfall() {
	echo "  $1: B counted $((snap[2])) of the $((snap[5])) bytes A sent it" \
		"(short $((snap[5] - snap[2]))), A $((snap[0])) of B's $((snap[4]))" \
		"(short $((snap[4] - snap[0])))"
}

# check_mirror WHAT MIN OLD_SNAP...: since OLD_SNAP, B's rx_bytes grew as
# much as A's tx_bytes and the reverse, each by at least MIN.
check_mirror() {
	local what=$1 min=$2 old=("${@:3}") a_rx a_tx b_rx b_tx
	a_rx=$((snap[0] - old[0])) a_tx=$((snap[1] - old[1]))
	b_rx=$((snap[2] - old[2])) b_tx=$((snap[3] - old[3]))
	echo "  $what: A sent $a_tx, B received $b_rx; B sent $b_tx, A received $a_rx"
	if [[ $a_tx != "$b_rx" || $b_tx != "$a_rx" ]]; then
		loss_report
	fi
	expect_eq "$b_rx" "$a_tx" "$what: growth of B's rx_bytes against A's tx_bytes"
	expect_eq "$a_rx" "$b_tx" "$what: growth of A's rx_bytes against B's tx_bytes"
	((a_tx >= min && b_tx >= min)) || fail "$what: less than $min bytes each way"
}

run_case() {
	local initiator=$1 psk=$2 responder what n
	responder=$(other "$initiator")
	tunnel_up "$initiator" "$psk"
	what="${kind_of[$initiator]} ($initiator) initiates, preshared key off"
	[[ -z $psk ]] || what="${what% off} on"
	echo "$what"
	snap=(0 0 0 0 0 0)
	old=("${snap[@]}")
	ping_ok "$initiator" "$responder" "$what"
	ping_ok "$responder" "$initiator" "$what"
	n=$(initiations "$responder")
	((n >= 1)) || fail "$what: $responder received no handshake initiation"
	expect_eq "$(initiations "$initiator")" 0 "$what: initiations $initiator received"
	echo "  $responder received $n initiation(s), $initiator none"
	settle "pings"
	check_mirror "pings" $((3 * $(msg_bytes $((56 + ping_headers))))) "${old[@]}"
	iperf "$initiator" "$responder" "$what"
	iperf "$responder" "$initiator" "$what"
	settle "iperf3"
	shortfall "iperf3"
	old=("${snap[@]}")
	in_ns "$initiator" ping -q -c 10 -i 0.1 -s 1000 -w 20 "${inner[$responder]}" >/dev/null ||
		fail "$what: 1000-byte pings get no reply"
	settle "1000-byte pings"
	check_mirror "1000-byte pings" $((10 * $(msg_bytes $((1000 + ping_headers))))) "${old[@]}"
}

setup_kind "$kind_a"
setup_kind "$kind_b"
echo "A: $kind_a, B: $kind_b"
link_up
tool=wg
[[ $kind_a == ztnet ]] && tool=ztnet
(umask 077 && "$tool" genpsk >"$ZTNET_TMP/psk")
if ztnet_debug_kernel; then
	# Thirty times slower: each side initiates once, one of them with a
	# preshared key.
	run_case iop-a ""
	run_case iop-b "$ZTNET_TMP/psk"
else
	for initiator in iop-a iop-b; do
		for psk in "" "$ZTNET_TMP/psk"; do
			run_case "$initiator" "$psk"
		done
	done
fi
cfg iop-a show zt0
cleanup
unload_ztnet
