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
#   transfer   once the counters stop moving, A's tx_bytes for B equals B's
#              rx_bytes for A and the reverse, to the byte: both ends count
#              the same messages (WireGuard counts every message it sends
#              and every one it authenticates, handshakes and keepalives
#              included)
#   handshake  each side's latest-handshake is within 60 s of now
#   endpoints  A shows B's veth address:port and B, which was given none,
#              learned A's
#
# ZTNET_TEST_KIND=wireguard runs the same with in-kernel WireGuard and wg(8),
# the reference; ZTNET_TEST_KIND_A / _B choose each side.
. "$ZTNET_REPO/selftests/lib.sh"
need_cmd iperf3

kind_a=${ZTNET_TEST_KIND_A:-${ZTNET_TEST_KIND:-ztnet}}
kind_b=${ZTNET_TEST_KIND_B:-${ZTNET_TEST_KIND:-ztnet}}
declare -A kind_of=()
port_a=51820 port_b=51821
# Outer (veth) and inner (zt0) addresses of A (.1) and B (.2).
declare -A outer=([4]=172.16.130 [6]=fd00:130:1:)
declare -A inner=([4]=10.130.0 [6]=fd00:130:2:)
declare -A plen=([4]=24 [6]=64)

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
	wireguard)
		need_cmd wg
		# Built in on the debug kernel, which has no /lib/modules.
		modprobe wireguard 2>/dev/null || true
		;;
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

# sockaddr FAMILY ADDRESS PORT: as wg prints an endpoint.
sockaddr() {
	if [[ $1 == 4 ]]; then echo "$2:$3"; else echo "[$2]:$3"; fi
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
		ip -n tun-a addr add "$(addr $f "${outer[$f]}" 1)/${plen[$f]}" dev a0 nodad
		ip -n tun-b addr add "$(addr $f "${outer[$f]}" 2)/${plen[$f]}" dev b0 nodad
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
		endpoint "$(sockaddr "$of" "$(addr "$of" "${outer[$of]}" 2)" $port_b)" \
		allowed-ips "$(addr 4 "${inner[4]}" 2)/32,$(addr 6 "${inner[6]}" 2)/128"
	cfg tun-b set zt0 peer "$pub_a" \
		allowed-ips "$(addr 4 "${inner[4]}" 1)/32,$(addr 6 "${inner[6]}" 1)/128"
	for f in 4 6; do
		ip -n tun-a addr add "$(addr $f "${inner[$f]}" 1)/${plen[$f]}" dev zt0 nodad
		ip -n tun-b addr add "$(addr $f "${inner[$f]}" 2)/${plen[$f]}" dev zt0 nodad
	done
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

transfer_snapshot() {
	echo "$(peer_field tun-a transfer) $(peer_field tun-b transfer)" | tr '\t' ' '
}

# Both ends' counters, once two reads in a row agree, must mirror each other.
check_transfer() {
	local what=$1 prev="" cur deadline=$((SECONDS + 60)) a_rx a_tx b_rx b_tx
	while :; do
		cur=$(transfer_snapshot)
		[[ $cur == "$prev" ]] && break
		((SECONDS < deadline)) || fail "$what: counters still moving after 60 s: $cur"
		prev=$cur
		sleep 0.5
	done
	read -r a_rx a_tx b_rx b_tx <<<"$cur"
	echo "  $what: A tx $a_tx rx $a_rx, B tx $b_tx rx $b_rx"
	((a_tx > 0 && b_tx > 0)) || fail "$what: a side sent nothing: $cur"
	expect_eq "$b_rx" "$a_tx" "$what: B's rx_bytes for A against A's tx_bytes for B"
	expect_eq "$a_rx" "$b_tx" "$what: A's rx_bytes for B against B's tx_bytes for A"
}

check_handshake() {
	local ns t now
	now=$(date +%s)
	for ns in tun-a tun-b; do
		t=$(peer_field $ns latest-handshakes)
		if [[ ! $t =~ ^[0-9]+$ ]] || ((t <= now - 60 || t > now + 1)); then
			fail "$1: $ns's latest handshake '$t' is not within 60 s of $now"
		fi
	done
}

check_endpoints() {
	local of=$1 want
	want=$(sockaddr "$of" "$(addr "$of" "${outer[$of]}" 2)" $port_b)
	expect_eq "$(peer_field tun-a endpoints)" "$want" "A's endpoint for B"
	want=$(sockaddr "$of" "$(addr "$of" "${outer[$of]}" 1)" $port_a)
	expect_eq "$(peer_field tun-b endpoints)" "$want" "B's endpoint for A, learned"
}

setup_kind "$kind_a"
setup_kind "$kind_b"
echo "A: $kind_a, B: $kind_b"
link_up
for of in 4 6; do
	tunnel_up "$of"
	for f in 4 6; do
		what="outer IPv$of, inner IPv$f"
		echo "$what"
		dst=$(addr $f "${inner[$f]}" 2)
		ping_ok tun-a "$dst" "$what, A -> B"
		ping_ok tun-b "$(addr $f "${inner[$f]}" 1)" "$what, B -> A"
		iperf "$dst" "TCP" -t 2
		iperf "$dst" "UDP" -u -b 20M -t 2
		check_transfer "$what"
		check_handshake "$what"
		check_endpoints "$of"
	done
	cfg tun-a show zt0
done
cleanup
unload_ztnet
