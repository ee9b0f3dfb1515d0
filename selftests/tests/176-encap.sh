#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What encapsulation puts on the wire and takes off it.  H, a plain host,
# reaches B through R, a subnet router: H's packets cross R's zt0, which is
# where they are encrypted, to B's zt0 over the link R-B, whose endpoints
# are IPv6 unless a case says otherwise.  R and B run the ZTNET_DEBUG=1
# build, whose receive path checks padding.
#
#   padding    forwarded IPv6 arrives at R with little headroom, so R must
#              grow the head before it encrypts; the padding it adds must
#              still be zeros: B's debug build counts any data message
#              whose padding is not (bad_padding), over pings of 32 sizes
#              (16 on the debug kernel), IPv4 and IPv6
#   scrub      R's forward chain gives H's packets a priority; R's output
#              chain must see none of it on the outer UDP packets, nor the
#              inner packet's conntrack entry (one whose protocol is not
#              UDP), for inner IPv4 and IPv6
#   ecn        R pings B with ECT(0); a hop on B's side marks the outer
#              packet CE; B must deliver the inner packet with CE (RFC
#              6040), for inner IPv4 and IPv6, over outer IPv6 and IPv4
#   unallowed  B sends from an address R does not allow it: R drops it and
#              counts it in rx_errors only; neither the device's rx nor the
#              peer's transfer may grow.  In-kernel WireGuard, as R, gives
#              the same figures.
. "$ZTNET_REPO/selftests/lib.sh"

need_cmd nft
port_r=51820 port_b=51821

cleanup() {
	ztnet_cleanup
	unload_ztnet
}
trap cleanup EXIT

# topology KIND_OF_R: fresh namespaces en-h, en-r (KIND) and en-b (ztnet).
topology() {
	ns_add en-h
	ns_add en-r
	ns_add en-b
	in_ns en-r sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
	veth_pair en-h h0 fd00:176:1::1/64 en-r r0 fd00:176:1::2/64
	addr_add en-h h0 172.16.177.1/24
	addr_add en-r r0 172.16.177.2/24
	ip -n en-h route add default via 172.16.177.2
	ip -n en-h -6 route add default via fd00:176:1::2
	veth_pair en-r rb0 172.16.176.1/24 en-b b0 172.16.176.2/24
	addr_add en-r rb0 fd00:176:2::1/64
	addr_add en-b b0 fd00:176:2::2/64
	tunnel_dev en-r "$1" 10.176.0.1/24 "$port_r"
	tunnel_dev en-b ztnet 10.176.0.2/24 "$port_b"
	addr_add en-r zt0 fd00:176:9::1/64
	addr_add en-b zt0 fd00:176:9::2/64
	cfg en-r set zt0 peer "${pubkey[en-b]}" allowed-ips 10.176.0.2/32,fd00:176:9::2/128
	cfg en-b set zt0 peer "${pubkey[en-r]}" \
		allowed-ips 10.176.0.1/32,172.16.177.0/24,fd00:176:9::1/128,fd00:176:1::/64
	outer 6
	ip -n en-b route add 172.16.177.0/24 dev zt0
	ip -n en-b -6 route add fd00:176:1::/64 dev zt0
	in_ns en-r ping -c1 -W5 10.176.0.2 >/dev/null || fail "no tunnel from R to B"
}

# outer FAMILY: the tunnel R-B runs over IPv4 or IPv6 endpoints.
outer() {
	local r=172.16.176.1 b=172.16.176.2
	[[ $1 == 6 ]] && r=fd00:176:2::1 b=fd00:176:2::2
	cfg en-r set zt0 peer "${pubkey[en-b]}" endpoint "$(sockaddr "$b" "$port_b")"
	cfg en-b set zt0 peer "${pubkey[en-r]}" endpoint "$(sockaddr "$r" "$port_r")"
}

# Sizes 1 to 32, two of each residue of the padding multiple; one of each
# on the debug kernel.
case_padding() {
	local size last=32

	ztnet_debug_kernel && last=16
	for size in $(seq 1 "$last"); do
		in_ns en-h ping -6 -c1 -W2 -s "$size" fd00:176:9::2 >/dev/null ||
			fail "padding: no answer to an IPv6 ping of $size bytes from H"
		in_ns en-h ping -c1 -W2 -s "$size" 10.176.0.2 >/dev/null ||
			fail "padding: no answer to an IPv4 ping of $size bytes from H"
	done
	expect_eq "$(debug_counter bad_padding)" 0 "data messages with non-zero padding"
	echo "padding: $((2 * last)) forwarded pings, padding all zero"
}

case_scrub() {
	local counts

	in_ns en-r nft -f - <<-EOF
		table inet enscrub {
			chain forward {
				type filter hook forward priority 0
				oifname "zt0" meta priority set 1:5
			}
			chain output {
				type filter hook output priority 0
				udp dport $port_b meta priority 1:5 counter comment "priority"
				udp dport $port_b ct original protocol != udp counter comment "conntrack"
			}
		}
	EOF
	in_ns en-h ping -6 -c3 -i0.2 -W2 fd00:176:9::2 >/dev/null || fail "scrub: no IPv6 answer"
	in_ns en-h ping -c3 -i0.2 -W2 10.176.0.2 >/dev/null || fail "scrub: no IPv4 answer"
	counts="$(nft_counter en-r enscrub output priority) $(nft_counter en-r enscrub output conntrack)"
	expect_eq "$counts" "0 0 0 0" "outer packets with the inner priority, or conntrack entry"
	in_ns en-r nft delete table inet enscrub
	echo "scrub: outer packets carry no inner priority or conntrack entry"
}

# ecn_over FAMILY: 3 pings of each inner family with ECT(0), whose outer
# packets B's prerouting marks CE; all must arrive CE.
ecn_over() {
	local f=$1 ip=ip
	[[ $f == 6 ]] && ip=ip6
	outer "$f"
	in_ns en-b nft -f - <<-EOF
		table inet enmark {
			chain prerouting {
				type filter hook prerouting priority -300
				udp dport $port_b $ip ecn ect0 $ip ecn set ce
			}
		}
		table inet enecn {
			chain input {
				type filter hook input priority 0
				iifname "zt0" ip ecn ce counter comment "v4"
				iifname "zt0" ip6 ecn ce counter comment "v6"
			}
		}
	EOF
	in_ns en-r ping -c3 -i0.2 -W2 -Q 2 10.176.0.2 >/dev/null || fail "ecn: no IPv4 answer"
	in_ns en-r ping -6 -c3 -i0.2 -W2 -Q 2 fd00:176:9::2 >/dev/null || fail "ecn: no IPv6 answer"
	expect_eq "$(nft_counter en-b enecn input v4 | cut -d' ' -f1)" 3 "inner IPv4 packets marked CE over outer IPv$f"
	expect_eq "$(nft_counter en-b enecn input v6 | cut -d' ' -f1)" 3 "inner IPv6 packets marked CE over outer IPv$f"
	in_ns en-b nft delete table inet enmark
	in_ns en-b nft delete table inet enecn
}

case_ecn() {
	ecn_over 6
	ecn_over 4
	outer 6
	echo "ecn: a CE mark on the outer header reaches the inner packet"
}

stat() {
	in_ns en-r cat "/sys/class/net/zt0/statistics/$1"
}

# The figures an unallowed packet moves at R: device rx packets and bytes,
# rx_errors, rx_frame_errors, and the peer's received bytes.
rx_figures() {
	echo "$(stat rx_packets) $(stat rx_bytes) $(stat rx_errors)" \
		"$(stat rx_frame_errors) $(peer_field en-r transfer | cut -f1)"
}

# settle: waits until R's figures stay the same for 2 s: on a slow
# kernel, a handshake retransmitted after the first packet may still be
# on its way.
settle() {
	local before after deadline=$((SECONDS + 30))
	after=$(rx_figures)
	while ((SECONDS < deadline)); do
		before=$after
		sleep 2
		after=$(rx_figures)
		[[ $after == "$before" ]] && return 0
	done
	fail "unallowed: R's counters do not settle"
}

# unallowed KIND: the figures' change at R (of KIND) for 3 pings from an
# address of B's that R does not allow.
unallowed() {
	local before after

	topology "$1"
	addr_add en-b zt0 10.176.0.99/32
	settle
	before=$(rx_figures)
	in_ns en-b ping -c3 -i0.2 -W1 -I 10.176.0.99 10.176.0.1 >/dev/null 2>&1 &&
		fail "unallowed: R answered a source it does not allow"
	sleep 1
	after=$(rx_figures)
	paste -d' ' <(tr ' ' '\n' <<<"$after") <(tr ' ' '\n' <<<"$before") |
		awk '{ printf "%s%d", (NR > 1 ? " " : ""), $1 - $2 }'
	ztnet_cleanup
	ztnet_namespaces=()
}

case_unallowed() {
	local ours theirs

	ours=$(unallowed ztnet)
	expect_eq "$ours" "0 0 3 3 0" "ztnet: rx packets, bytes, errors, frame errors, peer rx"
	need_wireguard
	theirs=$(unallowed wireguard)
	expect_eq "$ours" "$theirs" "ztnet's figures against WireGuard's"
	echo "unallowed: counted as WireGuard counts it: $ours"
}

# Each case runs whatever the others did, so that one failure hides none.
failed=()
load_ztnet_debug_build 1
topology ztnet
for c in padding scrub ecn; do
	("case_$c") || failed+=("$c")
done
ztnet_cleanup
ztnet_namespaces=()
(case_unallowed) || failed+=(unallowed)
((${#failed[@]} == 0)) || fail "failed: ${failed[*]}"
