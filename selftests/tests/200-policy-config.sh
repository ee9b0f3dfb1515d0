#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The microsegment policy's configuration (issue 10), through raw netlink
# while the tool's policy commands are written: mode, defaults, limits,
# rules and groups are set and read back; bad input is refused and changes
# nothing; a staged change that is aborted or whose socket closes changes
# nothing; a staged one that is committed applies whole, and one whose
# commit fails applies nothing; rules keep their numbers across a replace;
# a removed peer leaves its groups; 100,000 rules and 10,000 groups load
# and dump (20,000 and 2,000 on the debug kernel, where 230-policy-scale
# takes the same size).
. "$ZTNET_REPO/selftests/lib.sh"
once_per_release

nlsend=$ZTNET_REPO/selftests/tools/nlsend
[[ -x $nlsend ]] || fail "selftests/tools/nlsend was not built"

load_ztnet
ns_add pc
ip -n pc link add zt0 type ztnet
k1=$(hex_pubkey)
k2=$(hex_pubkey)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; ztnet_cleanup' EXIT

# policy [DEV]: the policy as a dump reports it, one line per item.
policy() {
	in_ns pc "$nlsend" --dump --policy get 2=str:"${1:-zt0}" | grep -v '^ok$'
}

# script NAME: sends $tmp/NAME's requests on one socket.
script() {
	in_ns pc "$nlsend" --script "$tmp/$1"
}

port() { echo $(($1 << 16 | $1)); }

# accept in from group:web tcp/5432, named; accept in from group:admins
# tcp/22; drop out to the peer k2, any protocol.
r_web="1={ 1=u8:0 2=u8:0 3={ 1={ 1=u8:2 5=str:web } } 5=u8:6 6={ 1=u32:$(port 5432) } 10=str:web-db }"
r_admin="1={ 1=u8:0 2=u8:0 3={ 1={ 1=u8:2 5=str:admins } } 5=u8:6 6={ 1=u32:$(port 22) } }"
r_drop="1={ 1=u8:1 2=u8:1 4={ 1={ 1=u8:3 6=hex:$k2 } } }"
r_new="1={ 1=u8:2 2=u8:0 5=u8:17 6={ 1=u32:$((53 << 16 | 54)) } }"

say "defaults"
expect_eq "$(policy)" "policy mode=0 in=1 out=1 gen=0 groups=0 max_flows=65536 max_peer_flows=4096 protect=0 memory=0" "a new device's policy"

say "mode, defaults, limits, protect, rules and groups in one request"
# shellcheck disable=SC2086
nlsend_expect pc '^ok$' set 2=str:zt0 \
	10={ 1=u8:1 3=u8:0 7=u32:1000 8=u32:10 9={ 4=u32:300 } \
	     6={ 1=u32:$((6 << 16 | 5432)) 2=u32:$((6 << 16 | 22)) 3=u32:$((6 << 16 | 22)) } \
	     5={ $r_web $r_admin } } \
	8={ 1={ 1=hex:"$k1" 11={ 1=str:web 2=str:prod 3=str:web } } 1={ 1=hex:"$k2" 11={ 1=str:admins } } }
got=$(policy)
echo "$got"
grep -qx "policy mode=1 in=1 out=0 gen=1 groups=3 max_flows=1000 max_peer_flows=10 protect=2 memory=[1-9][0-9]*" <<<"$got" ||
	fail "policy settings after the first change"
grep -qx "rule 1 action=0 dir=0 name=web-db packets=0" <<<"$got" || fail "rule 1"
grep -qx "rule 2 action=0 dir=0 name=- packets=0" <<<"$got" || fail "rule 2"
grep -qx "groups $k1 web,prod,web" <<<"$got" || fail "k1's groups"
grep -qx "groups $k2 admins" <<<"$got" || fail "k2's groups"

say "refused input changes nothing"
before=$(policy)
nlsend_expect pc '^error EINVAL: .*ports need protocol' set 2=str:zt0 10={ 5={ 1={ 1=u8:0 2=u8:0 6={ 1=u32:1 } } } }
nlsend_expect pc '^error EINVAL: .*remote only' set 2=str:zt0 10={ 5={ 1={ 1=u8:0 2=u8:1 3={ 1={ 1=u8:2 5=str:web } } } } }
nlsend_expect pc '^error EINVAL: .*low > high' set 2=str:zt0 10={ 5={ 1={ 1=u8:0 2=u8:0 5=u8:6 6={ 1=u32:$((9 << 16 | 8)) } } } }
nlsend_expect pc '^error EINVAL: .*name is malformed' set 2=str:zt0 8={ 1={ 1=hex:"$k1" 11={ 1=str:9lives } } }
nlsend_expect pc '^error (EINVAL|ERANGE): .+' set 2=str:zt0 10={ 1=u8:3 }
nlsend_expect pc '^error (EINVAL|ERANGE): .+' set 2=str:zt0 10={ 7=u32:0 }
nlsend_expect pc '^error (EINVAL|ERANGE): .+' set 2=str:zt0 10={ 9={ 1=u32:0 } }
nlsend_expect pc '^error ERANGE: .*timeout' set 2=str:zt0 10={ 9={ 1=u32:$((1 << 31)) } }
nlsend_expect pc '^error EINVAL: .+' set 2=str:zt0 10={ 15=u64:1 }
nlsend_expect pc '^error EINVAL: .*protected service' set 2=str:zt0 10={ 6={ 1=u32:$((256 << 16)) } }
nlsend_expect pc '^error EINVAL: .*not both' set 2=str:zt0 10={ 4=u32:3 }
nlsend_expect pc '^error EINVAL: .*number alone' set 2=str:zt0 10={ 4=u32:2 5={ 1={ } } }
nlsend_expect pc '^error EINVAL: .+' set 2=str:zt0 10={ 4=u32:2 5={ 1={ 11=u32:1 1=u8:0 } } }
nlsend_expect pc '^error EINVAL: .+' set 2=str:zt0 10={ 5={ 1={ 1=u8:0 2=u8:0 11=u32:1 } } }
nlsend_expect pc '^error ESTALE: .*generation' set 2=str:zt0 10={ 10=u64:0 1=u8:2 }
expect_eq "$(policy)" "$before" "the policy after refused requests"

say "staged, then aborted or left: nothing"
cat >"$tmp/abort" <<END
set 2=str:zt0 5=u32:2 10={ 1=u8:2 4=u32:1 5={ $r_new } }
set 2=str:zt0 5=u32:2 8={ 1={ 1=hex:$k1 11={ } } }
set 2=str:zt0 5=u32:4
END
expect_eq "$(script abort | tr '\n' ' ')" "ok ok ok " "stage, stage, abort"
echo "set 2=str:zt0 5=u32:2 10={ 1=u8:0 }" >"$tmp/left"
expect_eq "$(script left)" "ok" "a stage whose socket closes"
expect_eq "$(policy)" "$before" "the policy after an aborted stage"

say "staged, then a commit that fails: nothing"
cat >"$tmp/stale" <<END
set 2=str:zt0 5=u32:2 10={ 1=u8:2 5={ $r_new } }
set 2=str:zt0 10={ 10=u64:0 }
END
script stale | tr '\n' ' ' | grep -q '^ok error ESTALE' || fail "a stale commit"
expect_eq "$(policy)" "$before" "the policy after a failed commit"

say "staged, then committed: whole"
cat >"$tmp/commit" <<END
set 2=str:zt0 5=u32:2 10={ 1=u8:2 10=u64:1 5={ $r_drop } }
set 2=str:zt0 8={ 1={ 1=hex:$k1 11={ 1=str:web } } } 10={ 2=u8:2 }
END
expect_eq "$(script commit | tr '\n' ' ')" "ok ok " "stage, commit"
got=$(policy)
echo "$got"
grep -qx "policy mode=2 in=2 out=0 gen=2 groups=2 .*" <<<"$got" || fail "settings after the commit"
grep -qx "rule 3 action=1 dir=1 name=- packets=0" <<<"$got" || fail "rule 3"
grep -qx "groups $k1 web" <<<"$got" || fail "k1's groups after the commit"

say "replace keeps identical rules' numbers; delete by number"
# shellcheck disable=SC2086
nlsend_expect pc '^ok$' set 2=str:zt0 10={ 4=u32:1 5={ $r_new $r_admin $r_web } }
got=$(policy | grep '^rule' | cut -d' ' -f2 | tr '\n' ' ')
expect_eq "$got" "1 2 4 " "rule numbers after a replace"
nlsend_expect pc '^ok$' set 2=str:zt0 10={ 4=u32:2 5={ 1={ 11=u32:2 } 1={ 11=u32:99 } } }
got=$(policy | grep '^rule' | cut -d' ' -f2 | tr '\n' ' ')
expect_eq "$got" "1 4 " "rule numbers after a delete"

say "a removed peer leaves its groups"
nlsend_expect pc '^ok$' set 2=str:zt0 8={ 1={ 1=hex:"$k2" 3=u32:1 } }
nlsend_expect pc '^ok$' set 2=str:zt0 8={ 1={ 1=hex:"$k2" } }
policy | grep -q "^groups $k2" && fail "a removed peer kept its groups"
got=$(policy | sed -n 's/^policy .* groups=\([0-9]*\) .*/\1/p')
expect_eq "$got" 1 "groups in use once admins lost its rule and its peer"

say "mode off keeps the configuration"
nlsend_expect pc '^ok$' set 2=str:zt0 10={ 1=u8:0 }
got=$(policy)
grep -q "^policy mode=0 " <<<"$got" || fail "mode off"
expect_eq "$(grep -c '^rule' <<<"$got")" 2 "rules kept in mode off"

# 800 rules a request; the debug kernel compiles some 30 times slower.
requests=125 groups=10000
ztnet_debug_kernel && requests=25 groups=2000
rules=$((requests * 800))
say "$rules rules over $groups groups, staged in $requests requests"
ip -n pc link add zt1 type ztnet
awk -v requests="$requests" -v groups="$groups" 'BEGIN {
	for (m = 0; m < requests; m++) {
		line = m < requests - 1 ? "set 2=str:zt1 5=u32:2 10={" : "set 2=str:zt1 10={ 1=u8:1"
		line = line " 5={"
		for (j = 0; j < 800; j++) {
			i = m * 800 + j
			line = line sprintf(" 1={ 1=u8:%d 2=u8:0 3={ 1={ 1=u8:2 5=str:g%d } } 5=u8:6 6={ 1=u32:%d } }",
					    i % 3 == 0, i % groups, (i % 65536) * 65537)
		}
		print line " } }"
	}
}' >"$tmp/big"
started=$SECONDS
script big >"$tmp/big.out"
expect_eq "$(sort -u "$tmp/big.out")" "ok" "every request of the big change"
say "loaded in $((SECONDS - started)) s"
started=$SECONDS
policy zt1 >"$tmp/big.dump"
say "dumped in $((SECONDS - started)) s"
head -1 "$tmp/big.dump"
grep -q "^policy mode=1 in=1 out=1 gen=1 groups=$groups " "$tmp/big.dump" || fail "the big policy's settings"
expect_eq "$(grep -c '^rule' "$tmp/big.dump")" "$rules" "rules dumped"
expect_eq "$(sed -n 's/^rule \([0-9]*\) .*/\1/p' "$tmp/big.dump" | sort -n | uniq | wc -l)" "$rules" "distinct rule numbers"
expect_eq "$(tail -1 "$tmp/big.dump" | cut -d' ' -f2)" "$rules" "the last rule's number"

say "replacing them with the same rules keeps every number"
sed -e '1s/5=u32:2 10={/5=u32:2 10={ 4=u32:1/' "$tmp/big" >"$tmp/big2"
script big2 >"$tmp/big2.out"
expect_eq "$(sort -u "$tmp/big2.out")" "ok" "every request of the replacement"
policy zt1 >"$tmp/big2.dump"
head -1 "$tmp/big2.dump"
grep -q "^policy mode=1 in=1 out=1 gen=2 groups=$groups " "$tmp/big2.dump" || fail "the replaced policy's settings"
expect_eq "$(grep '^rule' "$tmp/big2.dump" | md5sum)" "$(grep '^rule' "$tmp/big.dump" | md5sum)" "rules after an identical replace"

say "too many groups: ENOSPC, nothing changed"
awk 'BEGIN {
	for (m = 0; m < 70; m++) {
		line = "set 2=str:zt0 5=u32:2 10={ 5={"
		for (j = 0; j < 1000; j++)
			line = line sprintf(" 1={ 1=u8:0 2=u8:0 3={ 1={ 1=u8:2 5=str:x%d } } }", m * 1000 + j)
		print line " } }"
	}
	print "set 2=str:zt0"
}' >"$tmp/groups"
before=$(policy)
script groups | tail -1 | grep -q '^error ENOSPC: .*groups' || fail "more than 65,535 groups"
expect_eq "$(policy)" "$before" "the policy after ENOSPC"

ip -n pc link del zt1
ip -n pc link del zt0
