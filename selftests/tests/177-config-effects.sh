#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What a configuration change does to the state around it.
#
#   new key   A (ztnet) and B (in-kernel WireGuard) shake hands; A gets a
#             new private key and B learns A's new public key.  A's next
#             packet must start a handshake under the new key at once, as
#             WireGuard does: the old session and the rate limit of the old
#             handshake go with the old key.  One ping, answered within
#             3 s (REKEY_TIMEOUT is 5 s), while the old handshake is still
#             fresh.
#   dumps     a device is dumped raw, in 13 layouts that end the first
#             message 16 bytes before to 32 bytes after one peer's
#             settings; every peer's settings must come exactly once, in
#             its first element, and its allowed IPs must all come, in
#             that element and the ones that continue it.
. "$ZTNET_REPO/selftests/lib.sh"

nlsend=$ZTNET_REPO/selftests/tools/nlsend
[[ -x $nlsend ]] || fail "selftests/tools/nlsend was not built"
port_a=51820 port_b=51821

case_new_key() {
	local new_key=$ZTNET_TMP/a-new.key new_pub

	load_ztnet
	need_wireguard
	ns_add nk-a
	ns_add nk-b
	veth_pair nk-a a0 172.16.178.1/24 nk-b b0 172.16.178.2/24
	tunnel_dev nk-a ztnet 10.178.0.1/24 "$port_a"
	tunnel_dev nk-b wireguard 10.178.0.2/24 "$port_b"
	cfg nk-a set zt0 peer "${pubkey[nk-b]}" allowed-ips 10.178.0.2/32 \
		endpoint "172.16.178.2:$port_b"
	(umask 077 && ztnet genkey >"$new_key")
	new_pub=$(ztnet pubkey <"$new_key")
	cfg nk-b set zt0 peer "${pubkey[nk-a]}" allowed-ips 10.178.0.1/32
	in_ns nk-a ping -c1 -W5 10.178.0.2 >/dev/null || fail "new key: no first handshake"
	# B knows only the new key from now on.
	cfg nk-b set zt0 peer "${pubkey[nk-a]}" remove peer "$new_pub" allowed-ips 10.178.0.1/32
	cfg nk-a set zt0 private-key "$new_key"
	in_ns nk-a ping -c1 -W3 10.178.0.2 >/dev/null ||
		fail "new key: the first packet under a new key waited for the old handshake's rate limit"
	echo "new key: answered at once under the new key"
}

# layout ROOM: a configuration whose peer 150 would leave ROOM bytes of a
# dump's first message after its settings, before its allowed IPs.  The
# message has exactly the room the socket's reads allow, 32768 bytes less
# the kernel's skb_shared_info (32448 on x86-64: nlsend reads with a 32 KiB
# buffer); the sizes below are those of the attributes netlink.c puts.  The keys go to $ZTNET_TMP/keys, hex and number, and the
# number of allowed IPs each peer must have to $ZTNET_TMP/ips.
layout() {
	python3 - "$1" "$port_a" "$ZTNET_TMP/keys" "$ZTNET_TMP/ips" <<-'EOF'
		import base64, hashlib, sys
		room, port = int(sys.argv[1]), sys.argv[2]
		keys, wants = open(sys.argv[3], "w"), open(sys.argv[4], "w")
		CAP = 32448
		HEAD = 20 + 8 + 8 + 8 + 8 + 4      # headers, ifindex, ifname, port, fwmark, peers
		PEER = 4 + 36 + 36 + 20 + 8 + 12 + 12 + 8 + 12 + 4  # id; an empty allowed-IPs nest
		V4, V6, EP4, EP6, K = 28, 40, 20, 32, 150
		want = CAP - HEAD - room - (PEER - 4) - K * PEER
		for b in range(7):
		    for c in range(K + 1):
		        for d in range(K + 1 - c):
		            rest = want - V6 * b - EP4 * c - EP6 * d
		            if rest >= 0 and rest % V4 == 0:
		                break
		        else:
		            continue
		        break
		    else:
		        continue
		    break
		a = rest // V4
		print(f"[Interface]\nListenPort = {port}")
		for i in range(K + 8):
		    key = hashlib.blake2s(f"{room} {i}".encode()).digest()
		    ips = [f"10.{i}.{j // 250}.{j % 250}/32" for j in range(a // K + (i < a % K))] if i < K else []
		    ips += [f"fd00:178:{i:x}::{j:x}/128" for j in range(b // K + (i < b % K))] if i < K else []
		    if i >= K:
		        ips = [f"10.{i}.0.{j}/32" for j in range(5)]
		    keys.write(f"{key.hex()} {i}\n")
		    wants.write(f"{i} {len(ips)}\n")
		    print(f"\n[Peer]\nPublicKey = {base64.b64encode(key).decode()}")
		    if i < c:
		        print(f"Endpoint = 172.16.178.{i + 1}:{1000 + i}")
		    elif i < c + d:
		        print(f"Endpoint = [fd00:178::{i + 1:x}]:{1000 + i}")
		    for ip in ips:
		        print(f"AllowedIPs = {ip}")
	EOF
}

# check_dump ROOM: each key's settings once, and all its allowed IPs.
check_dump() {
	local dump
	dump=$(in_ns dm "$nlsend" --dump --peers get 2=str:zt0)
	[[ $dump == *ok ]] || fail "dumps: the dump failed: ${dump##*$'\n'}"
	awk '
		FILENAME == ARGV[1] { number[$1] = $2; next }
		FILENAME == ARGV[2] { want[$1] = $2; peers_wanted++; next }
		/^peer / {
			split($3, s, "="); split($4, n, "=")
			if (!($2 in peers))
				first[$2] = s[2]
			settings[$2] += s[2]; ips[$2] += n[2]; peers[$2] = 1
		}
		END {
			for (k in peers) {
				i = number[k]
				if (!(k in number) || settings[k] != 1 || !first[k] || ips[k] != want[i]) {
					printf "peer %d: settings %d times, first element %s, %d of %d allowed IPs\n",
						i, settings[k], first[k] ? "with them" : "without", ips[k], want[i]
					bad = 1
				}
				count++
			}
			if (count != peers_wanted) { print count " peers of " peers_wanted; bad = 1 }
			exit bad
		}' "$ZTNET_TMP/keys" "$ZTNET_TMP/ips" - <<<"$dump" || fail "dumps: room $1"
}

# Rooms from 16 bytes short of peer 150's settings to 32 bytes past them,
# in the steps of 4 bytes that netlink aligns to: room 0 ends the message
# where the settings end (before the fix, the settings came twice), rooms
# 4 to 28 just before the first allowed IP fits.  The debug kernel, 30
# times slower, tries the five rooms around those two edges.
case_dumps() {
	local room rooms elements=0

	rooms=$(seq -16 4 32)
	ztnet_debug_kernel && rooms="-4 0 4 28 32"
	load_ztnet
	ns_add dm
	ip -n dm link add zt0 type ztnet
	for room in $rooms; do
		layout "$room" >"$ZTNET_TMP/layout.conf"
		in_ns dm ztnet setconf zt0 "$ZTNET_TMP/layout.conf"
		check_dump "$room"
		elements=$((elements + $(in_ns dm "$nlsend" --dump --peers get 2=str:zt0 | grep -c '^peer')))
	done
	echo "dumps: $(wc -w <<<"$rooms") layouts, $elements elements, no settings repeated"
}

failed=()
for c in new_key dumps; do
	("case_$c") || failed+=("$c")
done
((${#failed[@]} == 0)) || fail "failed: ${failed[*]}"
