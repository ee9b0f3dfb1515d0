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
#              "byte counters" below says: after the pings and after 10
#              more pings of 1000 bytes, what A's tx_bytes grew by B's
#              rx_bytes grew by and the reverse; at every quiet point each
#              side's tx_bytes is what reached the other's port (WireGuard
#              counts every message it sends and every one it
#              authenticates, handshakes and keepalives included)
#   handshake  each side's latest-handshake is within 60 s of now
#   endpoints  A shows B's veth address:port and B, which was given none,
#              learned A's
#
# ZTNET_TEST_KIND=wireguard runs the same with in-kernel WireGuard and wg(8),
# the reference; ZTNET_TEST_KIND_A / _B choose each side.
. "$ZTNET_REPO/selftests/lib.sh"
need_cmd iperf3
need_cmd nft

kind_a=${ZTNET_TEST_KIND_A:-${ZTNET_TEST_KIND:-ztnet}}
kind_b=${ZTNET_TEST_KIND_B:-${ZTNET_TEST_KIND:-ztnet}}
declare -A kind_of=()
port_a=51820 port_b=51821
# Outer (veth) and inner (zt0) addresses of A (.1) and B (.2).
declare -A outer=([4]=172.16.130 [6]=fd00:130:1:)
declare -A inner=([4]=10.130.0 [6]=fd00:130:2:)
declare -A plen=([4]=24 [6]=64)
# Outer IP and UDP headers, and inner IP and ICMP headers, by family.
declare -A outer_headers=([4]=28 [6]=48)
declare -A ping_headers=([4]=28 [6]=48)
ns_a=tun-a ns_b=tun-b overhead=0 snap=()

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

# addr FAMILY PREFIX HOST: "10.130.0.2" or "fd00:130:2::2".
addr() {
	if [[ $1 == 4 ]]; then echo "$2.$3"; else echo "$2:$3"; fi
}

# addr_add NS DEV FAMILY ADDRESS/LEN, with no duplicate address detection
# to wait for.
addr_add() {
	if [[ $3 == 6 ]]; then
		ip -n "$1" addr add "$4" dev "$2" nodad
	else
		ip -n "$1" addr add "$4" dev "$2"
	fi
}

# peer_field NS FIELD: the value of "show zt0 FIELD" for the only peer.
peer_field() {
	cfg "$1" show zt0 "$2" | cut -f2-
}

link_up() {
	local f
	ns_add tun-a
	ns_add tun-b
	ip -n tun-a link add a0 type veth peer name b0 netns tun-b
	for f in 4 6; do
		addr_add tun-a a0 $f "$(addr $f "${outer[$f]}" 1)/${plen[$f]}"
		addr_add tun-b b0 $f "$(addr $f "${outer[$f]}" 2)/${plen[$f]}"
	done
	ip -n tun-a link set a0 up
	ip -n tun-b link set b0 up
}

# tunnel_up OUTER_FAMILY: a fresh zt0 on each side; A knows B's endpoint,
# B does not know A's.
tunnel_up() {
	local of=$1 ns kind f
	for ns in tun-a tun-b; do
		kind=$kind_a
		[[ $ns == tun-b ]] && kind=$kind_b
		mkdev "$ns" zt0 "$kind"
		(umask 077 && cfg "$ns" genkey >"$ZTNET_TMP/$ns.key")
	done
	cfg tun-a set zt0 private-key "$ZTNET_TMP/tun-a.key" listen-port $port_a
	cfg tun-b set zt0 private-key "$ZTNET_TMP/tun-b.key" listen-port $port_b
	pub_a=$(cfg tun-a show zt0 public-key)
	pub_b=$(cfg tun-b show zt0 public-key)
	cfg tun-a set zt0 peer "$pub_b" \
		endpoint "$(sockaddr "$(addr "$of" "${outer[$of]}" 2)" $port_b)" \
		allowed-ips "$(addr 4 "${inner[4]}" 2)/32,$(addr 6 "${inner[6]}" 2)/128"
	cfg tun-b set zt0 peer "$pub_a" \
		allowed-ips "$(addr 4 "${inner[4]}" 1)/32,$(addr 6 "${inner[6]}" 1)/128"
	for f in 4 6; do
		addr_add tun-a zt0 $f "$(addr "$f" "${inner[$f]}" 1)/${plen[$f]}"
		addr_add tun-b zt0 $f "$(addr "$f" "${inner[$f]}" 2)/${plen[$f]}"
	done
	count_wire tun-a $port_a
	count_wire tun-b $port_b
	overhead=${outer_headers[$of]}
	snap=(0 0 0 0 0 0)
	up_since=$(date +%s)
	ip -n tun-a link set zt0 up
	ip -n tun-b link set zt0 up
}

ping_ok() {
	in_ns "$1" ping -q -c 3 -i 0.3 -w 20 "$2" >/dev/null ||
		fail "$3: no reply from $2"
}

iperf_listening() {
	in_ns tun-b ss -Hln "sport = :5201" | grep -q .
}

# iperf DST WHAT ARGS...: one iperf3 run from A to B's DST; prints the
# receiver's summary and fails unless B received something.
iperf() {
	local dst=$1 what=$2 server deadline=$((SECONDS + 30)) line amount
	shift 2
	in_ns tun-b iperf3 -s -1 -B "$dst" >"$ZTNET_TMP/iperf-server.log" 2>&1 &
	server=$!
	until iperf_listening; do
		((SECONDS < deadline)) || fail "iperf3 server on $dst does not listen"
		sleep 0.1
	done
	if ! in_ns tun-a timeout 60 iperf3 -c "$dst" --connect-timeout 10000 "$@" \
		>"$ZTNET_TMP/iperf.log" 2>&1; then
		cat "$ZTNET_TMP/iperf.log" "$ZTNET_TMP/iperf-server.log"
		fail "$what: iperf3 $* to $dst failed"
	fi
	wait "$server" || fail "$what: iperf3 server exited with $?"
	line=$(grep 'receiver$' "$ZTNET_TMP/iperf.log" | tail -n1)
	echo "  $what: ${line#*]}"
	amount=$(awk '{ for (i = 1; i < NF; i++) if ($i == "sec") { print $(i + 1); exit } }' <<<"$line")
	if [[ -z $amount ]] || ! awk -v a="$amount" 'BEGIN { exit !(a > 0) }'; then
		cat "$ZTNET_TMP/iperf.log"
		fail "$what: B received nothing"
	fi
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
	# The debug kernel, thirty times slower, runs the diagonal only.
	families=(4 6)
	ztnet_debug_kernel && families=("$of")
	for f in "${families[@]}"; do
		what="outer IPv$of, inner IPv$f"
		echo "$what (at ${SECONDS}s)"
		dst=$(addr "$f" "${inner[$f]}" 2)
		old=("${snap[@]}")
		ping_ok tun-a "$dst" "$what, A -> B"
		ping_ok tun-b "$(addr "$f" "${inner[$f]}" 1)" "$what, B -> A"
		check_handshake "$what" "$up_since" "$([[ $f == "${families[0]}" ]] && echo first)"
		check_endpoints "$of"
		settle "pings"
		check_mirror "pings" $((3 * $(msg_bytes $((56 + ping_headers[$f]))))) "${old[@]}"
		iperf "$dst" "TCP" -t 2
		iperf "$dst" "UDP" -u -b 20M -t 2
		settle "iperf3"
		shortfall "iperf3"
		old=("${snap[@]}")
		in_ns tun-a ping -q -c 10 -i 0.1 -s 1000 -w 20 "$dst" >/dev/null ||
			fail "$what: 1000-byte pings get no reply"
		settle "1000-byte pings"
		check_mirror "1000-byte pings" $((10 * $(msg_bytes $((1000 + ping_headers[$f]))))) "${old[@]}"
	done
	cfg tun-a show zt0
done
cleanup
unload_ztnet
