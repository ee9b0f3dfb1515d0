#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Sessions are renewed under traffic without losing a packet, with the
# protocol's real timers.  ztnet in namespace A, the kernel's WireGuard in
# namespace B; A pings B first, so A is the initiator and, 120 s into the
# session (REKEY_AFTER_TIME), A's next packet starts a new handshake while
# the old session keeps carrying traffic.  A pings B every 0.2 s for 150 s:
#
#   rekey     the latest-handshake time, sampled every 3 s on both sides,
#             takes at least two distinct values on each (the first
#             handshake and the renewal near 120 s; 146-timers sees the
#             renewals repeat, on a faster clock)
#   no loss   every one of the 750 echo requests gets its reply: a rekey
#             must not drop or hold back packets for longer than ping waits
#             (the old keypair stays valid until the new one is confirmed)
#
# It takes about three minutes, so it runs only on the debug kernel, whose
# lane of selftests/check has the time to spare (and whose lockdep and
# KASAN watch the renewals), or when ZTNET_LONG_TESTS=1.  ZTNET_TEST_KIND_A / _B choose each side (default
# ztnet and wireguard); ZTNET_TEST_KIND=wireguard makes both WireGuard.
. "$ZTNET_REPO/selftests/lib.sh"

if [[ ${ZTNET_LONG_TESTS:-0} != 1 ]] && ! ztnet_debug_kernel; then
	skip "a 3-minute test: runs on the debug kernel or with ZTNET_LONG_TESTS=1"
fi

kind_a=${ZTNET_TEST_KIND_A:-${ZTNET_TEST_KIND:-ztnet}}
kind_b=${ZTNET_TEST_KIND_B:-${ZTNET_TEST_KIND:-wireguard}}
declare -A port=([rk-a]=51820 [rk-b]=51821)
declare -A outer=([rk-a]=172.16.145.1 [rk-b]=172.16.145.2)
declare -A inner=([rk-a]=10.145.0.1 [rk-b]=10.145.0.2)
# 150 s of pings: the renewal near 120 s, with 30 s to spare.
count=750 interval=0.2 sample_every=3

trap ztnet_cleanup_jobs EXIT

setup() {
	local ns
	ns_add rk-a
	ns_add rk-b
	veth_pair rk-a a0 "${outer[rk-a]}/24" rk-b b0 "${outer[rk-b]}/24"
	keyed_dev rk-a "$kind_a" "${port[rk-a]}"
	keyed_dev rk-b "$kind_b" "${port[rk-b]}"
	# Only A knows where its peer is: A initiates every session.
	cfg rk-a set zt0 peer "${pubkey[rk-b]}" allowed-ips "${inner[rk-b]}/32" \
		endpoint "${outer[rk-b]}:${port[rk-b]}"
	cfg rk-b set zt0 peer "${pubkey[rk-a]}" allowed-ips "${inner[rk-a]}/32"
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
	(($# >= 2)) || fail "$ns saw $# distinct latest-handshake times ($*), not 2"
	offsets=""
	for t; do offsets+=" +$((t - $1))s"; done
	echo "$ns: $# handshakes, at$offsets"
done
ztnet_cleanup_jobs
unload_ztnet
