#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The packets a microsegment rule must judge right, sent by a stock
# WireGuard peer (pk-w, which filters nothing) to a ztnet device in
# enforce mode (pk-z), over IPv4 and IPv6:
#
#   ports       a rule's port range holds at its edges (1 and 65535 in,
#               2 and 65534 out) and a single port only itself
#   icmp        echo-request is accepted by type; its replies pass back
#               as the flow's; a type the rules do not name is dropped;
#               neither an accepted unasked echo reply (which enters no
#               flow) nor an accepted request of id 0 lets pk-z's own
#               requests out as replies
#   errors      an ICMP port-unreachable for a flow that pk-z opened
#               comes back through (the sender is refused at once)
#   audit       after a switch from audit to enforce, an error quoting a
#               flow that a rule accepts still comes back; one quoting a
#               flow that audit let in but no rule accepts revokes that
#               flow, and is itself judged, and dropped, as no-rule
#   fragments   a fragmented datagram to an accepted port arrives whole;
#               an overlapping second fragment that rewrites the port, a
#               TCP first fragment too short for its header and a later
#               fragment without its first are dropped and counted;
#               over IPv6, a datagram whose first fragment has destination
#               options after its fragment header arrives whole, and a
#               second fragment that starts inside that first fragment's
#               UDP header, though past 20 bytes, is dropped and counted
#   exthdr      an IPv6 datagram behind 3 destination-options headers is
#               judged by its UDP header; behind 9 it is unparsable; behind
#               a routing header it is judged if no segment is left, and
#               unparsable if one is (its destination is not the last)
. "$ZTNET_REPO/selftests/lib.sh"
need_wireguard
setup_kind ztnet

ZTFLOW=$ZTNET_REPO/selftests/tools/ztflow.py
trap ztnet_cleanup_jobs EXIT

ns_add pk-z
ns_add pk-w
veth_pair pk-z u0 172.16.220.1/24 pk-w u0 172.16.220.2/24
tunnel_dev pk-z ztnet 10.220.0.1/24 51820
tunnel_dev pk-w wireguard 10.220.0.2/24 51820
addr_add pk-z zt0 fd10:220::1/64
addr_add pk-w zt0 fd10:220::2/64

conf=$ZTNET_TMP/pk-z.conf
cat >"$conf" <<EOF
[Interface]
PrivateKey = $(cat "$ZTNET_TMP/pk-z.key")
ListenPort = 51820

[Policy]
Mode = enforce
Rule = accept in proto udp port 1-100,65535 name edges
Rule = accept in proto tcp port 80 name http
Rule = accept in proto udp port 53 name dns
Rule = accept in proto icmp type echo-request name ping4
Rule = accept in proto icmpv6 type echo-request name ping6
Rule = accept in proto icmp type echo-reply name unasked
Rule = accept out proto udp port 7777 name probe

[Peer]
PublicKey = ${pubkey[pk-w]}
Endpoint = 172.16.220.2:51820
AllowedIPs = 10.220.0.2/32, fd10:220::2/128
EOF
cfg pk-z setconf zt0 "$conf" || fail "setconf refused the policy"
cfg pk-w set zt0 peer "${pubkey[pk-z]}" endpoint 172.16.220.1:51820 \
	allowed-ips 10.220.0.1/32,fd10:220::1/128

log=$ZTNET_TMP/served
in_ns pk-z "$ZTFLOW" serve --udp 1,2,53,99,100,101,9999,65534,65535 \
	--tcp 80,81 --log "$log" --timeout 900 &
wait_for 10 "the server" listening pk-z udp 65535

# drops REASON: pk-z's drop counter for REASON.
drops() {
	in_ns pk-z ztnet show zt0 policy |
		awk -F '\t' -v r="$1" '$1 == "drops" && $2 == r { print $3 }'
}

# served PORT: datagrams or connections pk-z's server got on PORT.
served() {
	awk -v p="$1" '$2 == p' "$log" 2>/dev/null | wc -l
}

reach() {
	in_ns pk-w "$ZTCONNECT" "$@" >/dev/null ||
		fail "pk-w -> $*: not answered, but a rule accepts it"
}

blocked() {
	unanswered pk-w "$@" --timeout 1 ||
		fail "pk-w -> $*: answered, but no rule accepts it"
}

say "port ranges at their edges"
for dst in 10.220.0.1 fd10:220::1; do
	for port in 1 2 53 99 100 65535; do
		reach "$dst" "$port" --udp
	done
	for port in 101 65534 9999; do
		blocked "$dst" "$port" --udp
	done
	reach "$dst" 80
	blocked "$dst" 81
done

say "ICMP by type, and errors for tracked flows"
in_ns pk-w ping -c 1 -W 2 10.220.0.1 >/dev/null || fail "echo-request over IPv4 dropped"
in_ns pk-w ping -c 1 -W 2 fd10:220::1 >/dev/null || fail "echo-request over IPv6 dropped"
before=$(drops no-rule)
in_ns pk-w python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
s.sendto(bytes([13, 0, 0xf2, 0xff]) + bytes(16), ("10.220.0.1", 0))' ||
	fail "could not send a timestamp request"
wait_until 5 "the timestamp request counted as no-rule" \
	'[ "$(drops no-rule)" -gt "$before" ]'

out=$(in_ns pk-z "$ZTCONNECT" 10.220.0.2 7777 --udp --timeout 3 2>&1) &&
	fail "pk-w answered on a closed port"
[[ $out == *"Connection refused"* ]] ||
	fail "the port-unreachable for pk-z's own flow did not come back: $out"

say "an echo's request and reply never key alike"
# echo_refused WHAT ID: pk-z's echo request with ID, which no rule lets
# out, is dropped as no-rule whatever pk-w sent before it.
echo_refused() {
	local before
	before=$(drops no-rule)
	in_ns pk-z "$ZTFLOW" echo 10.220.0.2 "$2" >/dev/null ||
		fail "pk-z could not send an echo request"
	wait_until 5 "pk-z's echo request of id $2 refused after $1" \
		'[ "$(drops no-rule)" -gt "$before" ]'
}
# rule_packets NAME: the packets pk-z's rule NAME accepted.
rule_packets() {
	in_ns pk-z ztnet show zt0 rules |
		awk -F '\t' -v n="name $1" 'index($5, n) { print $2 }'
}
before=$(rule_packets unasked)
in_ns pk-w "$ZTFLOW" echo 10.220.0.1 4242 --reply >/dev/null
wait_until 5 "pk-w's unasked echo reply accepted" '[ "$(rule_packets unasked)" -gt "$before" ]'
# Judged each time, it enters no flow, whose key a request would need.
[[ -z $(in_ns pk-z ztnet show zt0 flows | awk -F '\t' '$3 == 1 && $5 == 4242') ]] ||
	fail "pk-w's unasked echo reply entered a flow"
echo_refused "pk-w's unasked echo reply" 4242
before=$(rule_packets ping4)
in_ns pk-w "$ZTFLOW" echo 10.220.0.1 0 >/dev/null
wait_until 5 "pk-w's echo request of id 0 accepted" '[ "$(rule_packets ping4)" -gt "$before" ]'
echo_refused "pk-w's echo request of id 0" 0

say "fragments"
before=$(served 53)
in_ns pk-w "$ZTFLOW" frag 10.220.0.1 53 --kind whole >/dev/null
wait_until 5 "the fragmented datagram to port 53" '[ "$(served 53)" -gt "$before" ]'
before_frag=$(drops fragment) before_unp=$(drops unparsable)
in_ns pk-w "$ZTFLOW" frag 10.220.0.1 53 --kind overlap --other-port 9999 >/dev/null
in_ns pk-w "$ZTFLOW" frag 10.220.0.1 80 --kind tiny >/dev/null
in_ns pk-w "$ZTFLOW" frag 10.220.0.1 53 --kind later >/dev/null
sleep 1
(($(served 9999) == 0)) || fail "an overlapping fragment carried port 9999 past the rules"
total=$(($(drops fragment) + $(drops unparsable) - before_frag - before_unp))
((total >= 3)) || fail "3 fragment attacks, $total counted as fragment or unparsable drops"

before=$(served 53)
in_ns pk-w "$ZTFLOW" frag fd10:220::1 53 --kind opts >/dev/null
wait_until 5 "the IPv6 datagram with options after its fragment header" \
	'[ "$(served 53)" -gt "$before" ]'
before_frag=$(drops fragment)
in_ns pk-w "$ZTFLOW" frag fd10:220::1 53 --kind opts-overlap --other-port 9999 >/dev/null
wait_until 5 "the second fragment inside the first's UDP header counted as a fragment drop" \
	'[ "$(drops fragment)" -gt "$before_frag" ]'
(($(drops fragment) == before_frag + 1)) ||
	fail "the first fragment behind options, to an accepted port, was dropped too"
(($(served 9999) == 0)) || fail "a fragment behind options carried port 9999 past the rules"

say "IPv6 extension headers"
before=$(served 53)
in_ns pk-w "$ZTFLOW" exthdr fd10:220::1 53 --count 3 >/dev/null
wait_until 5 "the datagram behind 3 extension headers" '[ "$(served 53)" -gt "$before" ]'
before=$(drops unparsable)
in_ns pk-w "$ZTFLOW" exthdr fd10:220::1 53 --count 9 >/dev/null
wait_until 5 "the datagram behind 9 extension headers counted as unparsable" \
	'[ "$(drops unparsable)" -gt "$before" ]'
before=$(served 53)
in_ns pk-w "$ZTFLOW" exthdr fd10:220::1 53 --segments-left 0 >/dev/null
wait_until 5 "the datagram behind a routing header with no segment left" \
	'[ "$(served 53)" -gt "$before" ]'
before=$(drops unparsable)
in_ns pk-w "$ZTFLOW" exthdr fd10:220::1 53 --segments-left 1 >/dev/null
wait_until 5 "the datagram behind a routing header with a segment left counted as unparsable" \
	'[ "$(drops unparsable)" -gt "$before" ]'

say "errors for flows that audit let in, after the switch to enforce"
# flow_of SPORT: pk-z's flows from source port SPORT.
flow_of() {
	in_ns pk-z ztnet show zt0 flows | awk -F '\t' -v p="$1" '$5 == p'
}
# error_reaches Z W PORT SPORT: a port-unreachable that pk-w (address W)
# sends about a datagram from pk-z's (Z) port SPORT to its port PORT
# reaches pk-z within 10 s (Python alone takes seconds to start on the
# debug kernel).
error_reaches() {
	local ready=$ZTNET_TMP/errwait.ready pid
	rm -f "$ready"
	in_ns pk-z "$ZTFLOW" errwait "$2" "$3" --timeout 10 --ready "$ready" >/dev/null &
	pid=$!
	wait_for 10 "pk-z's error listener" test -e "$ready"
	in_ns pk-w "$ZTFLOW" unreach "$1" "$3" --sport "$4" >/dev/null ||
		fail "pk-w could not send a port-unreachable"
	wait "$pid"
}
pairs=("10.220.0.1 10.220.0.2 41001" "fd10:220::1 fd10:220::2 41003")
cfg pk-z set zt0 policy audit || fail "pk-z refused audit mode"
for pair in "${pairs[@]}"; do
	read -r z w sport <<<"$pair"
	# A rule accepts 7777 out; none 7778, which audit enters all the same.
	in_ns pk-z "$ZTCONNECT" "$w" 7777 --udp --sport "$sport" >/dev/null || true
	in_ns pk-z "$ZTCONNECT" "$w" 7778 --udp --sport $((sport + 1)) >/dev/null || true
	[[ -n $(flow_of $((sport + 1))) ]] ||
		fail "audit entered no flow for pk-z's datagram to $w port 7778"
done
cfg pk-z set zt0 policy enforce || fail "pk-z refused enforce mode"
before=$(drops no-rule)
for pair in "${pairs[@]}"; do
	read -r z w sport <<<"$pair"
	error_reaches "$z" "$w" 7777 "$sport" ||
		fail "an error quoting the accepted flow to $w port 7777 was dropped after the switch"
	if error_reaches "$z" "$w" 7778 $((sport + 1)); then
		fail "an error quoting the flow to $w port 7778, which enforce denies, went through"
	fi
	[[ -z $(flow_of $((sport + 1))) ]] ||
		fail "an error quoting the denied flow to $w port 7778 left it in the table"
	[[ -n $(flow_of "$sport") ]] ||
		fail "an error quoting the accepted flow to $w port 7777 took it out"
done
(($(drops no-rule) >= before + 2)) ||
	fail "the errors quoting revoked flows were not counted as no-rule drops"

exit 0
