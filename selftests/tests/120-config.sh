#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Configuration round trips, with in-kernel WireGuard as the oracle: the
# same "set" words and the same config file, applied to a wireguard device
# and to a ztnet device, must read back identically.
. "$ZTNET_REPO/selftests/lib.sh"
once_per_release
need_cmd wg

load_ztnet
modprobe wireguard 2>/dev/null || true
ns_add cfg-a
ip -n cfg-a link add wg0 type wireguard
ip -n cfg-a link add zt0 type ztnet

both_set() {
	in_ns cfg-a wg set wg0 "$@"
	in_ns cfg-a ztnet set zt0 "$@"
}

same_config() {
	local what=$1 wg_conf zt_conf

	wg_conf=$(in_ns cfg-a wg showconf wg0)
	zt_conf=$(in_ns cfg-a ztnet showconf zt0)
	if [[ $wg_conf != "$zt_conf" ]]; then
		diff <(echo "$wg_conf") <(echo "$zt_conf") | head -40
		fail "$what: ztnet showconf differs from wg showconf"
	fi
}

umask 077
key=$ZTNET_TMP/key psk=$ZTNET_TMP/psk
wg genkey >"$key"
wg genpsk >"$psk"
p1=$(wg genkey | wg pubkey) p2=$(wg genkey | wg pubkey) p3=$(wg genkey | wg pubkey)

both_set private-key "$key" listen-port 51820 fwmark 0x42
both_set peer "$p1" preshared-key "$psk" endpoint 192.0.2.1:51820 \
	persistent-keepalive 25 allowed-ips 10.1.0.0/16,fd00:1::/64,10.9.9.9/32
both_set peer "$p2" endpoint [2001:db8::1]:4242 allowed-ips 0.0.0.0/0
both_set peer "$p3" allowed-ips 10.1.2.0/24,::/0
same_config "three peers"
expect_eq "$(in_ns cfg-a ztnet show zt0 public-key)" "$(wg pubkey <"$key")" "derived public key"

# Overlapping prefixes move between peers as in WireGuard.
both_set peer "$p3" allowed-ips 10.1.0.0/16
same_config "a prefix moved"
both_set peer "$p1" remove
same_config "a peer removed"
both_set peer "$p2" allowed-ips ""
same_config "allowed IPs cleared"
both_set private-key /dev/null fwmark off
same_config "private key and fwmark cleared"

# A large configuration, through files, both ways.
peers=1000 per_peer=100
ztnet_debug_kernel && peers=100 per_peer=20
conf=$ZTNET_TMP/big.conf
# Any 32 bytes that are not a low-order point make a public key; one awk
# writes the whole file, as a shell loop would take minutes under TCG.
head -c $((peers * 33)) /dev/urandom | base64 -w 44 | head -n "$peers" |
	awk -v per_peer="$per_peer" -v private="$(wg genkey)" '
	BEGIN { printf "[Interface]\nPrivateKey = %s\nListenPort = 51821\n", private }
	{
		i = NR - 1
		printf "\n[Peer]\nPublicKey = %sA=\nAllowedIPs = ", substr($0, 1, 42)
		for (j = 0; j < per_peer; j++)
			printf "10.%d.%d.%d/32,", int(i / 256), i % 256, j
		printf "fd00::%x:%x/128\n", i, j
	}' >"$conf"
in_ns cfg-a wg setconf wg0 "$conf"
in_ns cfg-a ztnet setconf zt0 "$conf"
same_config "$peers peers, $((peers * (per_peer + 1))) allowed IPs"
expect_eq "$(in_ns cfg-a ztnet show zt0 allowed-ips | wc -w)" \
	$((peers * (per_peer + 2))) "words in 'show allowed-ips'"

# syncconf to an empty config removes everything.
printf '[Interface]\nListenPort = 51821\n' >"$conf"
in_ns cfg-a wg syncconf wg0 "$conf"
in_ns cfg-a ztnet syncconf zt0 "$conf"
same_config "after syncconf to no peers"
unload_ztnet
