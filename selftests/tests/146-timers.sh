#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The protocol's timers, run D times faster by the ZTNET_DEBUG=1 build's
# time_divisor (D = 12; 6 on the debug kernel, which is slow enough as it
# is).  145-rekey checks renewals with the real clock, on one kernel; this
# runs on 6.12 too.  A (ztnet) has three peers: B (the kernel's WireGuard,
# on its real clock), C (ztnet) and G, whose endpoint is a port of C's
# namespace where nothing listens.
#
#   knob       the release ztnet.ko has no time_divisor parameter, the
#              debug build has it
#   keepalive  one UDP datagram from A to C, dropped by C's firewall
#              behind the tunnel: C, which received data and had nothing
#              to send back, sends exactly one keepalive (a 32-byte
#              message) KEEPALIVE_TIMEOUT / D later, and no more
#   rekey      A pings B every 0.2 s for 35 s (D = 12): A, the initiator,
#              renews the session every REKEY_AFTER_TIME / D = 10 s, so B
#              counts at least 3 initiations from A and A's
#              latest-handshake takes at least 3 values; no echo is lost
#   responder  at the same time, C pings A for as long: C answers the
#              renewals A starts (A's replies are what trigger them), with
#              no echo lost
#   give up    one ping to G: A sends an initiation and retries every
#              REKEY_TIMEOUT / D plus jitter until REKEY_ATTEMPT_TIME / D,
#              then stops: 20 initiations in all (the first and
#              90 / 5 + 1 retries), as WireGuard does
. "$ZTNET_REPO/selftests/lib.sh"
once_per_release

need_cmd nft
divisor=12 run_for=35
ztnet_debug_kernel && divisor=6 run_for=45
rekey_after=$((120 / divisor))
declare -A port=([a]=51820 [b]=51821 [c]=51822)
# G's endpoint: C's address, a port nothing listens on.
ghost_port=51999
declare -A outer=([b]=172.16.146.2 [c]=172.16.147.3)
declare -A inner=([a]=10.146.0.1 [b]=10.146.0.2 [c]=10.146.0.3 [g]=10.146.0.99)
have_wg=1

cleanup() {
	ztnet_cleanup_jobs
	# The tests after this one want the release build; the debug kernel
	# also looks for leaks first.
	unload_ztnet
}
trap cleanup EXIT

check_knob() {
	modinfo -F parm "$ZTNET_KO" | grep -q time_divisor &&
		fail "the release ztnet.ko has a time_divisor parameter"
	[[ -f ${ZTNET_DEBUG_KO:-} ]] || skip "the ZTNET_DEBUG=1 ztnet.ko was not built"
	modinfo -F parm "$ZTNET_DEBUG_KO" | grep -q '^time_divisor:' ||
		fail "the debug build has no time_divisor parameter"
}

# link NS ADDRESS: a veth from A to NS, NS's end at ADDRESS/24 (.1 is A's).
link() {
	veth_pair tm-a "a-${1#tm-}" "${2%.*}.1/24" "$1" a0 "$2/24"
}

# device NS KIND NAME: zt0 of KIND in NS, as NAME in port and inner.
device() {
	tunnel_dev "$1" "$2" "${inner[$3]}/24" "${port[$3]}"
}

# Counters: on B and C, A's initiations (148-byte type 1 messages); on A,
# C's keepalives (32-byte messages); on C, the datagram that must not reach
# a socket and the initiations meant for G.
firewall() {
	in_ns tm-a nft -f - <<-EOF
		table inet tm {
			chain input {
				type filter hook input priority 0
				udp sport ${port[c]} udp length 40 counter comment "keepalive"
			}
		}
	EOF
	in_ns tm-c nft -f - <<-EOF
		table inet tm {
			chain input {
				type filter hook input priority 0
				udp dport ${port[c]} udp length 156 @th,64,8 1 counter comment "initiation"
				udp dport $ghost_port udp length 156 @th,64,8 1 counter comment "ghost"
				iifname zt0 udp dport 9 counter drop comment "sink"
			}
		}
	EOF
	((have_wg)) || return 0
	in_ns tm-b nft -f - <<-EOF
		table inet tm {
			chain input {
				type filter hook input priority 0
				udp dport ${port[b]} udp length 156 @th,64,8 1 counter comment "initiation"
			}
		}
	EOF
}

setup() {
	local ns
	for ns in tm-a tm-b tm-c; do
		ns_add $ns
	done
	link tm-b "${outer[b]}"
	link tm-c "${outer[c]}"
	device tm-a ztnet a
	device tm-c ztnet c
	((have_wg)) && device tm-b wireguard b
	if ((have_wg)); then
		cfg tm-a set zt0 peer "${pubkey[tm-b]}" allowed-ips "${inner[b]}/32" \
			endpoint "${outer[b]}:${port[b]}"
		cfg tm-b set zt0 peer "${pubkey[tm-a]}" allowed-ips "${inner[a]}/32"
	fi
	cfg tm-a set zt0 peer "${pubkey[tm-c]}" allowed-ips "${inner[c]}/32" \
		endpoint "${outer[c]}:${port[c]}"
	cfg tm-c set zt0 peer "${pubkey[tm-a]}" allowed-ips "${inner[a]}/32"
	(umask 077 && ztnet genkey | ztnet pubkey >"$ZTNET_TMP/ghost.pub")
	cfg tm-a set zt0 peer "$(cat "$ZTNET_TMP/ghost.pub")" \
		allowed-ips "${inner[g]}/32" endpoint "${outer[c]}:$ghost_port"
	firewall
}

# handshake_of NS PEER: NS's latest-handshake time for the key of tm-PEER.
handshake_of() {
	peer_field "$1" latest-handshakes zt0 "${pubkey[tm-$2]}"
}

# pings FROM TO LABEL: FROM pings TO every 0.2 s for run_for seconds while
# A's latest-handshake for LABEL is sampled every second; every echo must be
# answered and A must have completed at least 3 distinct handshakes.
pings() {
	local from=$1 to=$2 label=$3 count=$((run_for * 5)) pinger t seen="" n summary
	in_ns "$from" ping -c $count -i 0.2 -W 5 "$to" >"$ZTNET_TMP/ping-$from.log" 2>&1 &
	pinger=$!
	while kill -0 $pinger 2>/dev/null; do
		t=$(handshake_of tm-a "$label")
		[[ $t == 0 || " $seen " == *" $t "* ]] || seen+=" $t"
		sleep 1
	done
	wait $pinger || true
	summary=$(grep 'packets transmitted' "$ZTNET_TMP/ping-$from.log") ||
		fail "$from: ping printed no summary"
	read -r sent _ _ received _ <<<"$summary"
	n=$(wc -w <<<"$seen")
	echo "  $from -> $to: $received of $sent echoes answered; A's handshakes with $label at$seen"
	expect_eq "$received" "$sent" "$from -> $to: echo replies"
	((n >= 3)) || fail "$from -> $to: $n handshakes in ${run_for}s, expected a renewal every ${rekey_after}s"
}

# initiations NS [COMMENT]: initiations NS counted so far.
initiations() {
	local packets
	read -r packets _ < <(nft_counter "$1" tm input "${2:-initiation}")
	echo "$packets"
}

test_rekey() {
	local n
	((have_wg)) || { echo "rekey: skipped, this kernel has no WireGuard"; return; }
	echo "rekey: A (ztnet, initiator) pings B (WireGuard), renewing every ${rekey_after}s"
	pings tm-a "${inner[b]}" b
	n=$(initiations tm-b)
	echo "  B received $n initiations from A"
	((n >= 3)) || fail "B received $n initiations from A in ${run_for}s"
}

test_responder() {
	local n
	echo "responder: C (ztnet) pings A, which initiated and renews"
	in_ns tm-a ping -q -c 1 -w 10 "${inner[c]}" >/dev/null || fail "A gets no reply from C"
	pings tm-c "${inner[a]}" c
	n=$(initiations tm-c)
	echo "  C received $n initiations from A"
	((n >= 3)) || fail "C received $n initiations from A in ${run_for}s"
}

# First, in a young session: a renewal would answer for C, as its handshake
# response counts as a reply.
test_keepalive() {
	local before after later wait=$((3 * 10 / divisor + 1)) sink
	echo "keepalive: one datagram from A to C, C answers with one keepalive"
	in_ns tm-a ping -q -c 1 -w 10 "${inner[c]}" >/dev/null || fail "A gets no reply from C"
	sleep "$wait"
	read -r before _ < <(nft_counter tm-a tm input keepalive)
	in_ns tm-a bash -c "echo datagram >/dev/udp/${inner[c]}/9"
	sleep "$wait"
	read -r after _ < <(nft_counter tm-a tm input keepalive)
	read -r sink _ < <(nft_counter tm-c tm input sink)
	expect_eq "$sink" 1 "datagrams C's firewall dropped"
	expect_eq "$((after - before))" 1 "keepalives from C within ${wait}s"
	sleep "$wait"
	read -r later _ < <(nft_counter tm-a tm input keepalive)
	expect_eq "$((later - before))" 1 "keepalives from C after $((2 * wait))s"
}

test_give_up() {
	local n last=-1 stable=0 waited=0 limit=$((4 * 90 / divisor + 30))
	echo "give up: one ping to G, whose endpoint never answers"
	expect_fail in_ns tm-a ping -q -c 1 -W 1 "${inner[g]}" >/dev/null
	# Done once the count has stood still for 4 s past REKEY_ATTEMPT_TIME.
	while ((stable < 4 || waited < 90 / divisor)); do
		((waited < limit)) || fail "A still sends initiations to G after ${waited}s"
		sleep 1
		waited=$((waited + 1))
		n=$(initiations tm-c ghost)
		if ((n == last)); then stable=$((stable + 1)); else stable=0 last=$n; fi
	done
	echo "  A sent G $n initiations, the last about $((waited - stable))s after the ping"
	expect_eq "$n" 20 "initiations to a peer that never answers"
}

check_knob
load_ztnet_debug_build "$divisor"
echo "ztnet's protocol clock runs $divisor times faster"
(need_wireguard) >/dev/null 2>&1 || have_wg=0
# in_parallel TEST...: runs the TESTs at once, each on its own peers, then
# prints what each said, in order; fails if any failed.
in_parallel() {
	local tests=("$@") pids=() failed=0 i
	for i in "${!tests[@]}"; do
		"${tests[i]}" >"$ZTNET_TMP/${tests[i]}.out" 2>&1 &
		pids[i]=$!
	done
	for i in "${!tests[@]}"; do
		wait "${pids[i]}" || failed=1
		cat "$ZTNET_TMP/${tests[i]}.out"
	done
	((failed == 0)) || fail "a test that ran beside another failed"
}

setup
test_keepalive
# A renews with B and with C on its own timers for each: both at once.
in_parallel test_rekey test_responder
test_give_up
cfg tm-a show zt0
cleanup
