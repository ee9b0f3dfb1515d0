#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The flow table of a ztnet device in enforce mode (ft-b), fed UDP flows
# by a ztnet peer (ft-a), with the ZTNET_DEBUG=1 build, whose
# hold_flow_expiry knob stops the expiry work:
#
#   dump     5,000 flows (1,000 on the debug kernel; ZTNET_FLOW_TABLE_FLOWS
#            for more), one per source port: `show zt0 flows` lists each
#            exactly once, over dozens of dump messages, and as many as
#            the table counts; the time the dump took is said
#   reaped   with MaxPeerFlows = 4, TimeoutUdp = 1 and the expiry work
#            held, a peer whose 4 flows have expired opens 4 new ones at
#            once: over its cap, a new flow first takes out the peer's
#            expired flows rather than wait for the work
#   lone     with TimeoutUdp = 3, one flow, alone in the table, expires
#   rmmod    a monitor on ft-b hears the end of a flow that rmmod's
#            deletion of the device ends
. "$ZTNET_REPO/selftests/lib.sh"

ZTFLOW=$ZTNET_REPO/selftests/tools/ztflow.py
flows=5000
ztnet_debug_kernel && flows=1000
flows=${ZTNET_FLOW_TABLE_FLOWS:-$flows}

cleanup() {
	ztnet_cleanup_jobs
	# The tests after this one want the release build.
	unload_ztnet
}
trap cleanup EXIT
load_ztnet_debug_build 1

ns_add ft-a
ns_add ft-b
veth_pair ft-a u0 172.16.235.1/24 ft-b u0 172.16.235.2/24
tunnel_dev ft-a ztnet 10.235.0.1/24 51820
tunnel_dev ft-b ztnet 10.235.0.2/24 51820
cfg ft-a set zt0 peer "${pubkey[ft-b]}" endpoint 172.16.235.2:51820 \
	allowed-ips 10.235.0.2/32

# policy MODE LIMITS...: ft-b's whole configuration, with LIMITS in
# [Policy]; syncconf keeps the peer's session.
policy() {
	local conf=$ZTNET_TMP/ft-b.conf mode=$1
	shift
	{
		printf '[Interface]\nPrivateKey = %s\nListenPort = 51820\n\n' \
			"$(cat "$ZTNET_TMP/ft-b.key")"
		printf '[Policy]\nMode = %s\n' "$mode"
		printf '%s\n' "$@"
		echo "Rule = accept in proto udp port 53,5353 name dns"
		printf '\n[Peer]\nPublicKey = %s\nEndpoint = 172.16.235.1:51820\n' "${pubkey[ft-a]}"
		printf 'AllowedIPs = 10.235.0.1/32\n'
	} >"$conf"
	cfg ft-b syncconf zt0 "$conf" || fail "syncconf refused the policy"
}

# policy_field NAME [COLUMN]: a line of ft-b's `show zt0 policy`.
policy_field() {
	cfg ft-b show zt0 policy | awk -F '\t' -v k="$1" -v r="${2:-}" '
		$1 == k && r == "" { print $2 }
		$1 == k && $2 == r { print $3 }'
}

table_flows() { policy_field flows; }

# Predicates for wait_for, which runs its command again and again: its
# arguments are expanded once, so each reads the count itself.
flows_at_least() { (($(table_flows) >= $1)); }
flows_are() { (($(table_flows) == $1)); }

# settled: the table's count stayed the same for a second.
settled() {
	local before
	before=$(table_flows)
	sleep 1
	[[ $(table_flows) == "$before" ]]
}

# The handshake first, with no policy yet: the flood is not held back.
policy off
ping_once ft-a 10.235.0.2 || fail "no ping through the tunnel"
policy enforce "MaxFlows = $((flows + 1000))" "MaxPeerFlows = $((flows + 1000))"

say "a dump of $flows flows lists each once"
in_ns ft-a "$ZTFLOW" udpflood 10.235.0.2 5353 --count "$flows" >/dev/null ||
	fail "the flood could not send its datagrams"
wait_for 120 "half the flood's flows" flows_at_least $((flows / 2))
wait_for 120 "the flood's last flows" settled
# dump_still: one dump, with the table's count read before and after it;
# fails when the count moved meanwhile (on a loaded host, the flood's last
# datagrams can still be on their way after a quiet second).
dump_still() {
	local after started=$EPOCHREALTIME
	in_table=$(table_flows)
	cfg ft-b show zt0 flows >"$ZTNET_TMP/flows" || fail "show zt0 flows failed"
	say "$in_table flows dumped in $(awk -v a="$started" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }') s"
	after=$(table_flows)
	[[ $after == "$in_table" ]] && return 0
	say "the table went from $in_table to $after flows during the dump"
	return 1
}
wait_for 120 "a dump while the table held still" dump_still
listed=$(awk -F '\t' '$7 == 5353' "$ZTNET_TMP/flows" | wc -l)
unique=$(awk -F '\t' '$7 == 5353 { print $3, $4, $5 }' "$ZTNET_TMP/flows" | sort -u | wc -l)
expect_eq "$listed" "$in_table" "flows listed against flows in the table"
expect_eq "$unique" "$listed" "distinct flows listed against flows listed"

say "a peer at its cap takes out its expired flows for new ones"
policy enforce "MaxPeerFlows = 4" "TimeoutUdp = 1"
wait_for 120 "the expiry of the flood's flows" flows_are 0
debug_knob hold_flow_expiry 1
log=$ZTNET_TMP/served
in_ns ft-b "$ZTFLOW" serve --udp 53 --log "$log" --timeout 900 &
# Python starts slowly on a loaded TCG host.
wait_for 60 "the server" listening ft-b udp 53
served() { cat "$log" 2>/dev/null | wc -l; }
served_are() { (($(served) == $1)); }
# answered N: N new flows were served or dropped over the cap.
answered() { (($(served) + $(policy_field drops over-cap) - over >= $1)); }
over=$(policy_field drops over-cap)
in_ns ft-a "$ZTFLOW" udpflood 10.235.0.2 53 --count 4 >/dev/null
wait_for 60 "4 datagrams served" served_are 4
expect_eq "$(table_flows)" 4 "flows after the first 4"
sleep 3
expect_eq "$(table_flows)" 4 "expired flows left by the held expiry work"
in_ns ft-a "$ZTFLOW" udpflood 10.235.0.2 53 --count 4 >/dev/null
wait_for 60 "4 more datagrams served or dropped" answered 8
expect_eq "$(policy_field drops over-cap)" "$over" "over-cap drops of new flows in place of expired ones"
expect_eq "$(served)" 8 "datagrams served"
expect_eq "$(table_flows)" 4 "flows after 4 new ones in place of 4 expired"
debug_knob hold_flow_expiry 0
wait_for 30 "the expiry work, let go" flows_are 0

say "a lone flow expires by its timeout"
# Its walk at 1 s finds it young, and the count's per-CPU parts may hold
# it, where only the exact sum shows the work that a flow is left.
policy enforce "TimeoutUdp = 3"
in_ns ft-a "$ZTFLOW" udpflood 10.235.0.2 53 --count 1 >/dev/null
wait_for 60 "a datagram served" served_are 9
expect_eq "$(table_flows)" 1 "flows after one datagram"
wait_for 30 "the lone flow's expiry" flows_are 0

say "rmmod reports the flows that its deletion of the device ends"
policy enforce
monitor_log=$ZTNET_TMP/monitor
in_ns ft-b ztnet monitor zt0 >>"$monitor_log" &
# heard TYPE [MATCH]: the monitor printed a TYPE event whose line matches
# the regular expression MATCH.
heard() {
	awk -v t="$1" -v m="${2:-}" '$3 == t && $0 ~ m { found = 1 } END { exit !found }' \
		"$monitor_log"
}
wait_for 30 "the monitor" commit_heard ft-b "$monitor_log"
in_ns ft-a "$ZTFLOW" udpflood 10.235.0.2 53 --count 1 >/dev/null
wait_for 60 "a datagram served" served_are 10
expect_eq "$(table_flows)" 1 "flows before rmmod"
unload_ztnet
# Its flow-end event goes out on the family's group: the family must
# still be registered then, or the monitor, unsubscribed, hears nothing.
wait_for 30 "the flow's end, heard as rmmod deleted the device" heard flow-end ' dport=53( |$)'
awk '$3 == "flow-end"' "$monitor_log"
exit 0
