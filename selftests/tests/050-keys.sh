#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ztnet genkey/pubkey/genpsk make keys in WireGuard's format: wg(8) is the
# oracle.
. "$ZTNET_REPO/selftests/lib.sh"
# The tool's key commands, in userland.
userland_only
need_cmd wg

key_re='^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$'
for i in $(seq 1 20); do
	priv=$(ztnet genkey)
	[[ $priv =~ $key_re ]] || fail "genkey printed '$priv'"
	expect_eq "$(ztnet pubkey <<<"$priv")" "$(wg pubkey <<<"$priv")" "ztnet pubkey vs wg pubkey"

	wgpriv=$(wg genkey)
	expect_eq "$(ztnet pubkey <<<"$wgpriv")" "$(wg pubkey <<<"$wgpriv")" "pubkey of a wg key"

	psk=$(ztnet genpsk)
	[[ $psk =~ $key_re ]] || fail "genpsk printed '$psk'"
done

# Two keys in a row differ.
[[ $(ztnet genkey) != "$(ztnet genkey)" ]] || fail "genkey repeated itself"
[[ $(ztnet genpsk) != "$(ztnet genpsk)" ]] || fail "genpsk repeated itself"

# A private key that wg would clamp gives the same public key in both tools.
raw=$(head -c 32 /dev/urandom | base64)
expect_eq "$(ztnet pubkey <<<"$raw")" "$(wg pubkey <<<"$raw")" "pubkey of an unclamped key"
