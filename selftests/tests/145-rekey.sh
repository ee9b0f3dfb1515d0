#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Sessions are renewed under traffic without losing a packet, with the
# protocol's real timers.  ztnet in namespace A, the kernel's WireGuard in
# namespace B; A pings B first, so A is the initiator and, 120 s into each
# session (REKEY_AFTER_TIME), A's next packet starts a new handshake while
# the old session keeps carrying traffic.  A pings B every 0.2 s for 270 s:
#
#   rekeys    the latest-handshake time, sampled every 3 s on both sides,
#             takes at least three distinct values on each (the first
#             handshake and two renewals, near 120 s and 240 s)
#   no loss   every one of the 1350 echo requests gets its reply: a rekey
#             must not drop or hold back packets for longer than ping waits
#             (the old keypair stays valid until the new one is confirmed)
#
# It takes about five minutes, so it runs only on the 6.12 kernel (the
# vm-6.12 layer of selftests/check gives it the time) or when
# ZTNET_LONG_TESTS=1.  ZTNET_TEST_KIND_A / _B choose each side (default
# ztnet and wireguard); ZTNET_TEST_KIND=wireguard makes both WireGuard.
. "$ZTNET_REPO/selftests/lib.sh"

if [[ ${ZTNET_LONG_TESTS:-0} != 1 && ${ZTNET_KVER:-} != 6.12* ]]; then
	skip "a 5-minute test: runs on 6.12 or with ZTNET_LONG_TESTS=1"
fi

kind_a=${ZTNET_TEST_KIND_A:-${ZTNET_TEST_KIND:-ztnet}}
kind_b=${ZTNET_TEST_KIND_B:-${ZTNET_TEST_KIND:-wireguard}}
declare -A kind_of=()
declare -A port=([rk-a]=51820 [rk-b]=51821)
declare -A outer=([rk-a]=172.16.145.1 [rk-b]=172.16.145.2)
declare -A inner=([rk-a]=10.145.0.1 [rk-b]=10.145.0.2)
declare -A pub=()
# 270 s of pings: two renewals, near 120 s and 240 s, with 30 s to spare.
count=1350 interval=0.2 sample_every=3

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

# peer_field NS FIELD: the value of "show zt0 FIELD" for the only peer.
peer_field() {
	cfg "$1" show zt0 "$2" | cut -f2-
}

setup() {
	local ns
	ns_add rk-a
	ns_add rk-b
	ip -n rk-a link add a0 type veth peer name b0 netns rk-b
	ip -n rk-a addr add "${outer[rk-a]}/24" dev a0
	ip -n rk-b addr add "${outer[rk-b]}/24" dev b0
	ip -n rk-a link set a0 up
	ip -n rk-b link set b0 up
	mkdev rk-a zt0 "$kind_a"
	mkdev rk-b zt0 "$kind_b"
	for ns in rk-a rk-b; do
		(umask 077 && cfg $ns genkey >"$ZTNET_TMP/$ns.key")
		cfg $ns set zt0 private-key "$ZTNET_TMP/$ns.key" listen-port "${port[$ns]}"
		pub[$ns]=$(cfg $ns show zt0 public-key)
	done
	# Only A knows where its peer is: A initiates every session.
	cfg rk-a set zt0 peer "${pub[rk-b]}" allowed-ips "${inner[rk-b]}/32" \
		endpoint "${outer[rk-b]}:${port[rk-b]}"
	cfg rk-b set zt0 peer "${pub[rk-a]}" allowed-ips "${inner[rk-a]}/32"
	for ns in rk-a rk-b; do
		ip -n $ns addr add "${inner[$ns]}/24" dev zt0
		ip -n $ns link set zt0 up
	done
}

setup_kind "$kind_a"
setup_kind "$kind_b"
echo "A: $kind_a, B: $kind_b"
setup
in_ns rk-a ping -q -c 1 -w 20 "${inner[rk-b]}" >/dev/null || fail "A gets no reply from B"
declare -A seen=([rk-a]="" [rk-b]="")

sample() {
	local ns t
	for ns in rk-a rk-b; do
		t=$(peer_field $ns latest-handshakes)
		[[ $t =~ ^[1-9][0-9]*$ ]] || fail "$ns's latest handshake is '$t'"
		[[ " ${seen[$ns]} " == *" $t "* ]] && continue
		seen[$ns]+=" $t"
		echo "  $(date +%T): $ns's latest handshake is now $t"
	done
}

started=$SECONDS
in_ns rk-a ping -c $count -i $interval -W 5 "${inner[rk-b]}" >"$ZTNET_TMP/ping.log" 2>&1 &
pinger=$!
sample
while kill -0 $pinger 2>/dev/null; do
	sleep $sample_every
	sample
done
status=0
wait $pinger || status=$?
sample
echo "pinged for $((SECONDS - started)) s"
tail -n 3 "$ZTNET_TMP/ping.log"
cfg rk-a show zt0

summary=$(grep 'packets transmitted' "$ZTNET_TMP/ping.log") || fail "ping printed no summary (status $status)"
read -r sent _ _ received _ <<<"$summary"
expect_eq "$sent" $count "echo requests sent"
expect_eq "$received" $count "echo replies received"
for ns in rk-a rk-b; do
	# shellcheck disable=SC2086  # one word per value
	set -- ${seen[$ns]}
	(($# >= 3)) || fail "$ns saw $# distinct latest-handshake times ($*), not 3"
	offsets=""
	for t; do offsets+=" +$((t - $1))s"; done
	echo "$ns: $# handshakes, at$offsets"
done
cleanup
unload_ztnet
