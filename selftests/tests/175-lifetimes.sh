#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Object lifetimes where teardown races work already queued.  Each case
# holds its race window open with a delay of the ZTNET_DEBUG=1 build, so
# that it is hit every time rather than once in a thousand runs.  A is a
# ztnet device; B, its peer, is in-kernel WireGuard.
#
#   initiation   A pings B with no session: the initiation's work item is
#                held 3 s, and the peer is removed meanwhile.  The work
#                must see the peer is dead: B receives no initiation at
#                all, and once A's device is deleted, nothing of the peer
#                is left in its session index (a WARN otherwise; KASAN
#                reports the freed entry when B's delayed answer is
#                looked up).
#   set/delete   a SET_DEVICE that adds a peer is held 3 s with the device
#                referenced; the device is deleted meanwhile.  The SET must
#                fail with "no such device", and nothing of it may leak
#                (kmemleak on the debug kernel).
#   backlog      a device that is up with no peers gets 300 junk
#                initiations, each held 20 ms by its worker, and is deleted
#                with most of them queued.  The queues must drain before
#                their rings go: no WARN, no use after free, nothing
#                leaked.
#
# The kernel log is scanned after the run: a WARN, KASAN, lockdep or UBSAN
# report anywhere fails it.
. "$ZTNET_REPO/selftests/lib.sh"
# ztnet's own lifetimes: the debug kernel watches them, and 6.12.
once_per_release

need_cmd nft
need_cmd tc
port_a=51820 port_b=51821

cleanup() {
	ztnet_cleanup
	unload_ztnet
}
trap cleanup EXIT

setup() {
	load_ztnet_debug_build 1
	need_wireguard
	ns_add lt-a
	ns_add lt-b
	veth_pair lt-a a0 172.16.175.1/24 lt-b b0 172.16.175.2/24
	tunnel_dev lt-a ztnet 10.175.0.1/24 "$port_a"
	tunnel_dev lt-b wireguard 10.175.0.2/24 "$port_b"
	cfg lt-b set zt0 peer "${pubkey[lt-a]}" allowed-ips 10.175.0.1/32
	in_ns lt-b nft -f - <<-EOF
		table inet lifet {
			chain input {
				type filter hook input priority 0
				udp dport $port_b udp length 156 @th,64,8 1 counter
			}
		}
	EOF
}

initiations_at_b() {
	nft_counter lt-b lifet | cut -d' ' -f1
}

case_initiation() {
	cfg lt-a set zt0 peer "${pubkey[lt-b]}" allowed-ips 10.175.0.2/32 \
		endpoint "172.16.175.2:$port_b"
	# B's answer, had there been anything to answer, lands after the
	# peer's memory is gone.
	tc -n lt-b qdisc add dev b0 root netem delay 300ms
	debug_knob delay_handshake_send_ms 3000
	in_ns lt-a ping -c1 -W1 10.175.0.2 >/dev/null 2>&1 &
	wait_for_delay
	cfg lt-a set zt0 peer "${pubkey[lt-b]}" remove
	wait || true
	debug_knob delay_handshake_send_ms 0
	sleep 1
	ip -n lt-a link del zt0
	expect_eq "$(initiations_at_b)" 0 "initiations B received from a removed peer"
	echo "initiation: no initiation left for a removed peer"
}

case_set_delete() {
	local out status=0

	tunnel_dev lt-a ztnet 10.175.0.1/24 "$port_a"
	debug_knob delay_set_device_ms 3000
	in_ns lt-a ztnet set zt0 peer "${pubkey[lt-b]}" allowed-ips 10.175.1.0/24 \
		endpoint "172.16.175.2:$port_b" >"$ZTNET_TMP/set.out" 2>&1 &
	wait_for_delay
	ip -n lt-a link del zt0
	wait $! || status=$?
	debug_knob delay_set_device_ms 0
	out=$(cat "$ZTNET_TMP/set.out")
	((status != 0)) || fail "a SET on a device deleted under it succeeded"
	[[ $out == *"no such"*device* ]] || fail "SET on a deleted device said: $out"
	echo "set/delete: the SET failed with: $out"
}

case_backlog() {
	local started

	tunnel_dev lt-a ztnet 10.175.0.1/24 "$port_a"
	debug_knob delay_handshake_receive_ms 20
	in_ns lt-b "$ZTPKT" flood --dst "172.16.175.1:$port_a" --sport 40000 \
		--pubkey "${pubkey[lt-a]}" \
		--count 300 --valid-every 0 --linger 0 >/dev/null
	started=$SECONDS
	ip -n lt-a link del zt0
	debug_knob delay_handshake_receive_ms 0
	echo "backlog: the device went in $((SECONDS - started)) s"
}

# Each case runs whatever the others did, so that one failure hides none.
failed=()
setup
for c in initiation set_delete backlog; do
	("case_$c") || failed+=("$c")
	tc -n lt-b qdisc del dev b0 root 2>/dev/null || true
done
((${#failed[@]} == 0)) || fail "failed: ${failed[*]}"
