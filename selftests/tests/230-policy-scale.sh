#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A large policy through the tool, as an operator would load it: 100,000
# rules over 10,000 groups (20,000 over 2,000 on the debug kernel, where
# everything is some thirty times slower) in one [Policy] file, with a
# peer in 10 of the groups.  setconf loads it whole; showconf prints it
# back byte for byte, rules in the canonical text they were written in;
# show rules lists every rule once, numbered 1 to N; setconf of what
# showconf printed changes nothing (same generation and numbers, as
# identical rules keep theirs); and a file with one bad rule among them
# is refused with its line number and leaves the policy as it was.
. "$ZTNET_REPO/selftests/lib.sh"
once_per_release
setup_kind ztnet

rules=100000 groups=10000
if ztnet_debug_kernel; then rules=20000 groups=2000; fi
ns_add ps
keyed_dev ps ztnet 51820
peer=$(cfg ps genkey | cfg ps pubkey)

conf=$ZTNET_TMP/big.conf
{
	printf '[Interface]\nListenPort = 51820\nPrivateKey = %s\n\n' "$(cat "$ZTNET_TMP/ps.key")"
	printf '[Policy]\nMode = enforce\n'
	awk -v n="$rules" -v g="$groups" 'BEGIN {
		for (i = 0; i < n; i++) {
			lo = (i * 7) % 60000 + 1
			if (i % 2)
				printf "Rule = accept in from group:g%d proto tcp port %d-%d\n", i % g, lo, lo + i % 100
			else
				printf "Rule = drop out to group:g%d,10.%d.%d.0/24 proto udp port %d\n", i % g, i % 256, (i / 256) % 256, lo
		}
	}'
	printf '\n[Peer]\nPublicKey = %s\nAllowedIPs = 10.230.0.2/32\n' "$peer"
	printf 'Groups = g0, g1, g2, g3, g4, g5, g6, g7, g8, g9\n'
} >"$conf"

say "$rules rules over $groups groups"
started=$SECONDS
cfg ps setconf zt0 "$conf" || fail "setconf of the big policy"
say "loaded in $((SECONDS - started)) s"
started=$SECONDS
cfg ps showconf zt0 >"$ZTNET_TMP/shown.conf" || fail "showconf of the big policy"
say "shown in $((SECONDS - started)) s"
diff <(grep '^Rule = ' "$conf") <(grep '^Rule = ' "$ZTNET_TMP/shown.conf") >/dev/null ||
	fail "showconf's rules differ from the file's"
grep -qx "Groups = g0, g1, g2, g3, g4, g5, g6, g7, g8, g9" "$ZTNET_TMP/shown.conf" ||
	fail "showconf lost the peer's groups"
cfg ps show zt0 rules >"$ZTNET_TMP/rules"
expect_eq "$(wc -l <"$ZTNET_TMP/rules")" "$rules" "rules listed"
expect_eq "$(cut -f1 "$ZTNET_TMP/rules" | sort -n | uniq | sed -n '1p;$p' | tr '\n' ' ')" "1 $rules " \
	"rule numbers"

say "setconf of showconf's output changes nothing"
before=$(md5sum <"$ZTNET_TMP/rules")
cfg ps setconf zt0 "$ZTNET_TMP/shown.conf" || fail "setconf of showconf's output"
expect_eq "$(cfg ps show zt0 rules | md5sum)" "$before" "rules and numbers after the round trip"

say "one bad rule refuses the file, with its line"
gen=$(cfg ps show zt0 policy | awk -F '\t' '$1 == "generation" { print $2 }')
sed '2000s/^Rule = .*/Rule = accept in proto tcp port 70000/' "$conf" >"$ZTNET_TMP/bad.conf"
if out=$(cfg ps setconf zt0 "$ZTNET_TMP/bad.conf" 2>&1); then
	fail "a file with port 70000 was taken"
fi
[[ $out == *2000* ]] || fail "the error does not name line 2000: $out"
expect_eq "$(cfg ps show zt0 policy | awk -F '\t' '$1 == "generation" { print $2 }')" "$gen" \
	"the generation after a refused file"
ip -n ps link del zt0
exit 0
