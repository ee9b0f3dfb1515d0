#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The microsegmented network of Documentation/microsegments.rst, in six
# namespaces, five of them on links to one underlay router (ms-lan: host
# N is 172.16.21N.2, the debug kernel having no bridge):
#
#   ms-db      database, ztnet 10.210.0.1, group db
#   ms-web     web server, ztnet 10.210.0.2, group web
#   ms-lap     admin laptop, ztnet 10.210.0.3, group admins
#   ms-ws      workstation on stock WireGuard 10.210.0.4, group workstations
#   ms-rtr     subnet router, ztnet 10.210.0.5, group routers, routing
#              192.168.210.0/24 to
#   ms-legacy  a legacy host, 192.168.210.2, with no tunnel at all
#
# Every tunnel host has every other as a peer, and every ztnet host
# enforces: web -> db tcp/5432 (and udp/53), admins -> everything tcp/22,
# nothing else.  Checked:
#
#   allowed     every allowed flow works, over IPv4 and IPv6, and the
#               replies of connections that a server opens come back
#   denied      every other attempt fails, counted by reason and rule;
#               web -> laptop and workstation -> db (lateral movement) fail
#   reject      a reject rule answers with a RST: refused, not timed out
#   audit       audit mode lets everything through, and counts as
#               would-drop exactly what enforce dropped
#   revoke      a commit that removes the rule of an established TCP flow
#               cuts it within seconds
#   counters    the rules' flow counters and the drops by reason move as
#               the attempts above say, and db's events name the peer,
#               the port, the rule and the reason
#   cap         a SYN flood and a UDP source-port flood from web stop at
#               web's flow cap on db (MaxPeerFlows = 64), while the
#               laptop's flows keep working
#   lockdown    db's tcp/5432 is unreachable over the underlay and
#               reachable through ztnet
. "$ZTNET_REPO/selftests/lib.sh"
need_wireguard
setup_kind ztnet

ZTFLOW=$ZTNET_REPO/selftests/tools/ztflow.py
hosts=(ms-db ms-web ms-lap ms-ws ms-rtr)
declare -A num=([ms-db]=1 [ms-web]=2 [ms-lap]=3 [ms-ws]=4 [ms-rtr]=5)
declare -A group=([ms-db]=db [ms-web]=web [ms-lap]=admins
	[ms-ws]=workstations [ms-rtr]=routers)
trap ztnet_cleanup_jobs EXIT

tun4() { echo "10.210.0.${num[$1]}"; }
tun6() { echo "fd10:210::${num[$1]}"; }
under4() { echo "172.16.21${num[$1]}.2"; }

underlay_up() {
	local ns n
	ns_add ms-lan
	in_ns ms-lan sysctl -qw net.ipv4.ip_forward=1
	for ns in "${hosts[@]}"; do
		n=${num[$ns]}
		ns_add "$ns"
		veth_pair ms-lan "lan$n" "172.16.21$n.1/24" "$ns" u0 "$(under4 "$ns")/24"
		ip -n "$ns" route add 172.16.0.0/16 via "172.16.21$n.1"
	done
}

legacy_up() {
	ns_add ms-legacy
	veth_pair ms-rtr r1 192.168.210.1/24 ms-legacy l0 192.168.210.2/24
	ip -n ms-legacy route add default via 192.168.210.1
	in_ns ms-rtr sysctl -qw net.ipv4.ip_forward=1
}

kind_for() {
	if [[ $1 == ms-ws ]]; then echo wireguard; else echo ztnet; fi
}

tunnels_up() {
	local ns
	for ns in "${hosts[@]}"; do
		tunnel_dev "$ns" "$(kind_for "$ns")" "$(tun4 "$ns")/24" 51820
		addr_add "$ns" zt0 "$(tun6 "$ns")/64"
		[[ $ns == ms-rtr ]] || ip -n "$ns" route add 192.168.210.0/24 dev zt0
	done
}

# peer_section NS PEER: PEER as a [Peer] of NS's configuration.
peer_section() {
	local ips="$(tun4 "$2")/32, $(tun6 "$2")/128"
	[[ $2 == ms-rtr ]] && ips+=", 192.168.210.0/24"
	printf '[Peer]\nPublicKey = %s\nEndpoint = %s:51820\nAllowedIPs = %s\n' \
		"${pubkey[$2]}" "$(under4 "$2")" "$ips"
	[[ ${kind_of[$1]} == ztnet ]] && printf 'Groups = %s\n' "${group[$2]}"
	echo
}

# policy_of NS MODE: the [Policy] section of NS's role.
policy_of() {
	printf '[Policy]\nMode = %s\n' "$2"
	case $1 in
	ms-db)
		echo "Protect = tcp/5432"
		echo "MaxPeerFlows = 64"
		echo "Rule = accept in from group:web proto tcp port 5432 name web-db"
		echo "Rule = accept in from group:web proto udp port 53 name web-dns"
		echo "Rule = reject in from group:workstations proto tcp port 80 name no-http"
		;;
	ms-web)
		echo "Rule = accept out to group:db proto tcp port 5432 name web-db"
		echo "Rule = accept out to group:db proto udp port 53 name web-dns"
		;;
	ms-lap)
		echo "Rule = accept out proto tcp port 22 name ssh-out"
		;;
	ms-rtr)
		echo "Rule = accept in from group:admins to 192.168.210.0/24 proto tcp port 22 name legacy-ssh"
		;;
	esac
	[[ $1 == ms-lap ]] ||
		echo "Rule = accept in from group:admins proto tcp port 22 name admin-ssh"
	echo
}

# configure NS MODE: NS's whole configuration, in one syncconf, which
# keeps the peers (and their sessions) that stay.
configure() {
	local ns=$1 conf=$ZTNET_TMP/$1.conf peer
	{
		printf '[Interface]\nPrivateKey = %s\nListenPort = 51820\n\n' \
			"$(cat "$ZTNET_TMP/$ns.key")"
		[[ ${kind_of[$ns]} == ztnet ]] && policy_of "$ns" "$2"
		for peer in "${hosts[@]}"; do
			[[ $peer == "$ns" ]] || peer_section "$ns" "$peer"
		done
	} >"$conf"
	cfg "$ns" syncconf zt0 "$conf" || fail "$ns: syncconf refused its configuration"
}

servers_up() {
	local ns
	for ns in "${hosts[@]}" ms-legacy; do
		in_ns "$ns" "$ZTFLOW" serve --tcp 22,80,5432,8080 --udp 53 \
			--log "$ZTNET_TMP/$ns.served" --timeout 900 &
	done
	for ns in "${hosts[@]}" ms-legacy; do
		wait_for 60 "$ns: server" listening "$ns" tcp 5432
	done
}

# can NS ADDRESS PORT [ARGS]: NS reaches the server at ADDRESS:PORT.
can() {
	in_ns "$1" "$ZTCONNECT" "$2" "$3" "${@:4}" >/dev/null ||
		fail "$1 -> $2 port $3 ${*:4}: refused, but the rules allow it"
}

# cannot NS ADDRESS PORT [ARGS]: NS does not reach it.
cannot() {
	unanswered "$1" "$2" "$3" --timeout 1 "${@:4}" ||
		fail "$1 -> $2 port $3 ${*:4}: answered, but no rule allows it"
}

underlay_up
legacy_up
tunnels_up
for ns in "${hosts[@]}"; do
	configure "$ns" enforce
done
servers_up

say "allowed flows"
can ms-web "$(tun4 ms-db)" 5432
can ms-web "$(tun6 ms-db)" 5432
can ms-web "$(tun4 ms-db)" 53 --udp
for ns in ms-db ms-web ms-rtr; do
	can ms-lap "$(tun4 "$ns")" 22
	can ms-lap "$(tun6 "$ns")" 22
done
can ms-lap 192.168.210.2 22

# denied_attempts VERB: each flow no rule allows, tried once with VERB
# (cannot, or attempt, which asserts nothing).
denied_attempts() {
	"$1" ms-web "$(tun4 ms-db)" 22
	"$1" ms-web "$(tun4 ms-db)" 8080
	"$1" ms-web "$(tun4 ms-lap)" 22
	"$1" ms-ws "$(tun4 ms-db)" 5432
	"$1" ms-ws "$(tun4 ms-db)" 22
	"$1" ms-db "$(tun4 ms-web)" 5432
	"$1" ms-lap "$(tun4 ms-db)" 5432
	"$1" ms-lap 192.168.210.2 80
	"$1" ms-web 192.168.210.2 22
}

attempt() {
	in_ns "$1" "$ZTCONNECT" "$2" "$3" --timeout 1 "${@:4}" >/dev/null || true
}

# events NS TYPE: "peer proto dst dport reason rule" of each TYPE event
# that NS's monitor printed, sorted and without repeats.
events() {
	awk -v t="$2" '$3 == t {
		delete f
		for (i = 4; i <= NF; i++) {
			eq = index($i, "=")
			f[substr($i, 1, eq - 1)] = substr($i, eq + 1)
		}
		print f["peer"], f["proto"], f["dst"], f["dport"], f["reason"], f["rule"]
	}' "$ZTNET_TMP/$1.events" | sort -u
}

# drops NS REASON [would-drop]: NS's drop counter for REASON.
drops() {
	cfg "$1" show zt0 policy |
		awk -F '\t' -v k="${3:-drops}" -v r="$2" '$1 == k && $2 == r { print $3 }'
}

# rule_flows NS NAME: the flows that NS's rule NAME accepted.
rule_flows() {
	cfg "$1" show zt0 rules | awk -F '\t' -v n="name $2" 'index($5, n) { print $4 }'
}

# heard NS TYPE LINE: NS's monitor printed a TYPE event that "events" gives
# as LINE.
heard() {
	grep -qxF "$3" <<<"$(events "$1" "$2")"
}

monitors_up() {
	local ns
	for ns in ms-db ms-web ms-lap; do
		# Appending, so that the file can be emptied under it.
		in_ns "$ns" ztnet monitor zt0 >>"$ZTNET_TMP/$ns.events" &
	done
	# An event proves the subscription; commits before it go unheard.
	for ns in ms-db ms-web ms-lap; do
		wait_for 20 "$ns: the monitor" commit_heard "$ns" "$ZTNET_TMP/$ns.events"
	done
}

say "denied flows"
monitors_up
denied_attempts cannot
# Protocols by number; a flow that web's own policy stopped never got to db.
wait_for 10 "db's report of the workstation's attempt on 5432" \
	heard ms-db flow-deny "${pubkey[ms-ws]} 6 $(tun4 ms-db) 5432 no-rule 0"
wait_for 10 "db's report of the workstation's attempt on 22" \
	heard ms-db flow-deny "${pubkey[ms-ws]} 6 $(tun4 ms-db) 22 no-rule 0"
wait_for 10 "db's report of its own attempt on web's 5432" \
	heard ms-db flow-deny "${pubkey[ms-web]} 6 $(tun4 ms-web) 5432 no-rule 0"
wait_for 10 "web's report of its attempt on db's 22" \
	heard ms-web flow-deny "${pubkey[ms-db]} 6 $(tun4 ms-db) 22 no-rule 0"
enforced=$(events ms-db flow-deny)
(($(drops ms-db no-rule) >= 3)) || fail "db counted $(drops ms-db no-rule) no-rule drops, not 3"
(($(rule_flows ms-db web-db) >= 2)) || fail "db's rule web-db counted $(rule_flows ms-db web-db) flows"
(($(rule_flows ms-lap ssh-out) >= 7)) || fail "the laptop's ssh-out counted $(rule_flows ms-lap ssh-out) flows"

say "the subnet router's legacy host is reached only by the admins"
grep -q "^tcp 22 $(tun4 ms-lap)\$" "$ZTNET_TMP/ms-legacy.served" ||
	fail "the legacy host never saw the laptop"
if grep -v "$(tun4 ms-lap)\$" "$ZTNET_TMP/ms-legacy.served"; then
	fail "the legacy host was reached by others than the laptop"
fi

say "reject answers at once"
out=$(in_ns ms-ws "$ZTCONNECT" "$(tun4 ms-db)" 80 --timeout 5) &&
	fail "ws -> db port 80 answered despite the reject rule"
[[ $out == *"Connection refused"* ]] ||
	fail "ws -> db port 80: '$out', not refused by a RST"
# A dropped first SYN would be retransmitted after a second.
[[ $out =~ \((0\.[0-9]+)s\)$ ]] || fail "the reject took too long: '$out'"

say "lockdown: db's port 5432 only through ztnet"
cannot ms-web "$(under4 ms-db)" 5432
can ms-web "$(under4 ms-db)" 8080
can ms-web "$(tun4 ms-db)" 5432

say "audit mode lets through what enforce drops, and reports exactly that"
# Only db is audited: what reaches it is then what reached it before.
configure ms-db audit
: >"$ZTNET_TMP/ms-db.events"
would=$(drops ms-db no-rule would-drop)
denied_attempts attempt
can ms-ws "$(tun4 ms-db)" 5432
can ms-ws "$(tun4 ms-db)" 22
wait_until 10 "db's would-deny reports" \
	'[ "$(events ms-db flow-would-deny | wc -l)" -ge "$(wc -l <<<"$enforced")" ]'
audited=$(events ms-db flow-would-deny)
[[ $audited == "$enforced" ]] ||
	fail "audit's would-deny events differ from enforce's denials:
$(diff <(echo "$enforced") <(echo "$audited"))"
(($(drops ms-db no-rule would-drop) > would)) || fail "db's would-drop no-rule count did not move"
configure ms-db enforce
cannot ms-ws "$(tun4 ms-db)" 5432

say "a commit revokes an established flow"
in_ns ms-lap "$ZTFLOW" hold "$(tun4 ms-db)" 22 --every 0.2 --duration 20 \
	--ready "$ZTNET_TMP/hold.ready" >"$ZTNET_TMP/hold.out" &
hold=$!
wait_for 10 "the held connection" test -e "$ZTNET_TMP/hold.ready"
sleep 1
cfg ms-db rule del zt0 admin-ssh || fail "rule del admin-ssh failed"
start=$SECONDS
wait "$hold" && fail "the held connection survived its rule: $(cat "$ZTNET_TMP/hold.out")"
# Cut at its next exchange, whose reply it awaits 2 s: well before the 20 s
# it would hold, with room for a loaded host.
((SECONDS - start < 10)) || fail "the revoked flow lived $((SECONDS - start))s more"
cannot ms-lap "$(tun4 ms-db)" 22
wait_for 5 "db's report of the revoked flow" \
	grep -q " revoked .*peer=${pubkey[ms-lap]}" "$ZTNET_TMP/ms-db.events"
configure ms-db enforce
can ms-lap "$(tun4 ms-db)" 22

say "one peer's floods stay within its cap"
in_ns ms-web "$ZTFLOW" synflood "$(tun4 ms-db)" 5432 --count 400 >/dev/null
in_ns ms-web "$ZTFLOW" udpflood "$(tun4 ms-db)" 53 --count 400 >/dev/null
over=$(drops ms-db over-cap)
((over >= 600)) || fail "800 new flows from web against a cap of 64: $over over the cap"
web_flows=$(cfg ms-db show zt0 flows | awk -F '\t' -v k="${pubkey[ms-web]}" '$1 == k' | wc -l)
((web_flows <= 64)) || fail "web has $web_flows flows on db, over its cap of 64"
can ms-lap "$(tun4 ms-db)" 22
can ms-lap "$(tun6 ms-db)" 22
wait_for 5 "db's over-cap report for web" \
	grep -q " over-cap .*peer=${pubkey[ms-web]}" "$ZTNET_TMP/ms-db.events"

exit 0
