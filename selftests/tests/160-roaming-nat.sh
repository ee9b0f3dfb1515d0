#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Endpoints follow the peer: roaming and NAT traversal.
#
# Roaming: B renumbers its veth, then moves to another link, another subnet
# and another listen port; each time B sends once through the tunnel and A,
# never reconfigured, must show B's new address:port as its endpoint and
# reach B there.
#
# NAT: B sits behind R, which masquerades UDP to ports 40000-40999. A has no
# endpoint for B and no route to B's network; B has A's endpoint and a
# persistent keepalive of 1 second. B's keepalives (32-byte data messages:
# 16 header + 16 tag) must keep coming while idle, A must learn R's outer
# address and the NATed port (as R's conntrack table says), and A must
# reach B through R on its own initiative.
#
# ZTNET_TEST_KIND=wireguard runs the same with in-kernel WireGuard and wg(8),
# the reference; ZTNET_TEST_KIND_A / _B choose each side (A also stands for
# R's public side: the peer that does not move).
. "$ZTNET_REPO/selftests/lib.sh"

kind_a=${ZTNET_TEST_KIND_A:-${ZTNET_TEST_KIND:-ztnet}}
kind_b=${ZTNET_TEST_KIND_B:-${ZTNET_TEST_KIND:-ztnet}}
# endpoint_is NS PEER_PUBKEY ENDPOINT: NS's endpoint for that peer.
endpoint_is() {
	[[ $(peer_field "$1" endpoints zt0 "$2") == "$3" ]]
}

# --- roaming ---------------------------------------------------------------

roaming() {
	local pub_a pub_b
	ns_add roam-a
	ns_add roam-b
	# Two links between A and B; b1 stays unaddressed until B moves to it.
	ip -n roam-a link add a0 type veth peer name b0 netns roam-b
	ip -n roam-a link add a1 type veth peer name b1 netns roam-b
	ip -n roam-a addr add 172.16.60.1/24 dev a0
	ip -n roam-a addr add 172.16.61.1/24 dev a1
	ip -n roam-b addr add 172.16.60.2/24 dev b0
	# Deleting B's first address must leave the one added after it.
	in_ns roam-b sysctl -qw net.ipv4.conf.b0.promote_secondaries=1
	ip -n roam-a link set a0 up
	ip -n roam-a link set a1 up
	ip -n roam-b link set b0 up
	ip -n roam-b link set b1 up

	tunnel_dev roam-a "$kind_a" 10.160.0.1/24 51820
	tunnel_dev roam-b "$kind_b" 10.160.0.2/24 51821
	pub_a=${pubkey[roam-a]} pub_b=${pubkey[roam-b]}
	cfg roam-a set zt0 peer "$pub_b" allowed-ips 10.160.0.2/32
	cfg roam-b set zt0 peer "$pub_a" allowed-ips 10.160.0.1/32 endpoint 172.16.60.1:51820

	wait_for 30 "B reaches A through the tunnel" ping_once roam-b 10.160.0.1
	endpoint_is roam-a "$pub_b" 172.16.60.2:51821 ||
		fail "A's endpoint for B: '$(peer_field roam-a endpoints zt0 "$pub_b")', not 172.16.60.2:51821"
	ping_once roam-a 10.160.0.2 || fail "A does not reach B before roaming"
	say "A learned B at 172.16.60.2:51821"

	# 1. A new address on the same link; the old one goes.
	ip -n roam-b addr add 172.16.60.3/24 dev b0
	ip -n roam-b addr del 172.16.60.2/24 dev b0
	endpoint_is roam-a "$pub_b" 172.16.60.2:51821 ||
		fail "A's endpoint for B changed before B sent anything"
	udp_send roam-b 10.160.0.1 9 roam-1
	wait_for 10 "A's endpoint for B follows to 172.16.60.3:51821" \
		endpoint_is roam-a "$pub_b" 172.16.60.3:51821
	wait_for 10 "A reaches B at its new address" ping_once roam-a 10.160.0.2
	say "A follows B to 172.16.60.3:51821 and reaches it there"

	# 2. Another link, another subnet, another port: B's old link is down.
	ip -n roam-b link set b0 down
	ip -n roam-b addr add 172.16.61.2/24 dev b1
	cfg roam-b set zt0 listen-port 51831 peer "$pub_a" endpoint 172.16.61.1:51820
	udp_send roam-b 10.160.0.1 9 roam-2
	wait_for 10 "A's endpoint for B follows to 172.16.61.2:51831" \
		endpoint_is roam-a "$pub_b" 172.16.61.2:51831
	wait_for 10 "A reaches B on its new link" ping_once roam-a 10.160.0.2
	say "A follows B to 172.16.61.2:51831 and reaches it there"
	cfg roam-a show zt0 dump
}

# --- NAT and persistent keepalive ------------------------------------------

# transfer NS PEER_PUBKEY: "RX TX" bytes, tab-separated.
transfer() {
	peer_field "$1" transfer zt0 "$2"
}

# keepalives BYTES: BYTES are two or more 32-byte keepalives, and perhaps
# a retransmitted 148-byte initiation or two: on a slow kernel the first
# answer can take longer than REKEY_TIMEOUT, and B asks again.
keepalives() {
	local bytes=$1 initiations
	for initiations in 0 1 2; do
		((bytes - 148 * initiations >= 2 * 32 &&
		  (bytes - 148 * initiations) % 32 == 0)) && return 0
	done
	return 1
}

nat_keepalive() {
	local pub_a pub_b endpoint port conntrack b_tx a_rx started elapsed link
	ns_add nat-a
	ns_add nat-r
	ns_add nat-b
	# A (public) -- r0 R r1 -- B (private, behind R)
	ip -n nat-a link add a0 type veth peer name r0 netns nat-r
	ip -n nat-b link add b0 type veth peer name r1 netns nat-r
	ip -n nat-a addr add 172.16.62.1/24 dev a0
	ip -n nat-r addr add 172.16.62.254/24 dev r0
	ip -n nat-r addr add 192.168.62.1/24 dev r1
	ip -n nat-b addr add 192.168.62.2/24 dev b0
	for link in nat-a:a0 nat-r:r0 nat-r:r1 nat-b:b0; do
		ip -n "${link%%:*}" link set "${link#*:}" up
	done
	ip -n nat-b route add default via 192.168.62.1
	in_ns nat-r sysctl -qw net.ipv4.ip_forward=1
	in_ns nat-r nft -f - <<-'EOF'
	table ip nat {
		chain post {
			type nat hook postrouting priority srcnat; policy accept;
			oifname "r0" meta l4proto udp masquerade to :40000-40999
			oifname "r0" masquerade
		}
	}
	EOF
	expect_fail in_ns nat-a ping -c 1 -W 1 192.168.62.2 >/dev/null 2>&1
	in_ns nat-b ping -c 1 -W 5 172.16.62.1 >/dev/null || fail "B does not reach A through R"

	tunnel_dev nat-a "$kind_a" 10.161.0.1/24 51820
	tunnel_dev nat-b "$kind_b" 10.161.0.2/24 51822
	pub_a=${pubkey[nat-a]} pub_b=${pubkey[nat-b]}
	cfg nat-a set zt0 peer "$pub_b" allowed-ips 10.161.0.2/32
	cfg nat-b set zt0 peer "$pub_a" allowed-ips 10.161.0.1/32 \
		endpoint 172.16.62.1:51820 persistent-keepalive 1

	# No packet but B's keepalives (and the handshake they start).
	has_endpoint() { [[ $(peer_field nat-a endpoints zt0 "$pub_b") != "(none)" ]]; }
	wait_for 30 "A learns an endpoint for B from its keepalives" has_endpoint
	endpoint=$(peer_field nat-a endpoints zt0 "$pub_b")
	port=${endpoint##*:}
	[[ ${endpoint%:*} == 172.16.62.254 && $port -ge 40000 && $port -le 40999 ]] ||
		fail "A's endpoint for B is $endpoint, not R's 172.16.62.254:40000-40999"
	conntrack=$(in_ns nat-r cat /proc/net/nf_conntrack 2>/dev/null |
		grep 'src=192.168.62.2 dst=172.16.62.1 sport=51822 dport=51820 ' || true)
	if [[ -n $conntrack ]]; then
		[[ $conntrack == *"src=172.16.62.1 dst=172.16.62.254 sport=51820 dport=$port "* ]] ||
			fail "R's conntrack does not map B to port $port: $conntrack"
		say "R's conntrack maps 192.168.62.2:51822 to 172.16.62.254:$port"
	fi
	say "A learned B behind the NAT at $endpoint"

	# Idle: B's transfer grows by 32-byte keepalives, about one a second.
	b_tx=$(transfer nat-b "$pub_a" | cut -f2)
	a_rx=$(transfer nat-a "$pub_b" | cut -f1)
	started=$EPOCHREALTIME
	sleep 4
	b_tx=$(($(transfer nat-b "$pub_a" | cut -f2) - b_tx))
	a_rx=$(($(transfer nat-a "$pub_b" | cut -f1) - a_rx))
	elapsed=$(echo "$EPOCHREALTIME - $started" | bc)
	say "in ${elapsed}s idle: B sent $b_tx bytes to A, A received $a_rx from B"
	keepalives "$b_tx" ||
		fail "B's tx_bytes grew by $b_tx in ${elapsed}s: not 32-byte keepalives, one a second"
	keepalives "$a_rx" ||
		fail "A's rx_bytes from B grew by $a_rx in ${elapsed}s: not 32-byte keepalives"

	# A speaks first, through R, to the mapping B's keepalives hold open.
	wait_for 10 "A reaches B behind the NAT" ping_once nat-a 10.161.0.2
	in_ns nat-a ping -c 3 -i 0.2 -W 2 10.161.0.2 >/dev/null || fail "A's pings to B behind the NAT get lost"
	endpoint_is nat-a "$pub_b" "$endpoint" || fail "A's endpoint for B moved during pings"
	say "A reaches B behind the NAT"
	cfg nat-a show zt0 dump
}

setup_kind "$kind_a"
setup_kind "$kind_b"
echo "A: $kind_a, B: $kind_b"
roaming
nat_keepalive
ztnet_cleanup
unload_ztnet
