#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Without CAP_NET_ADMIN in a device's namespace a user can neither read nor
# change its configuration: not as a plain user, and not as "root" of a user
# namespace that does not own the device's network namespace.  In a network
# namespace of its own, the same user may run its own devices.  Listing the
# devices needs neither privilege nor, when there are none, the module.
. "$ZTNET_REPO/selftests/lib.sh"
once_per_release
need_cmd setpriv
need_cmd unshare

nlsend=$ZTNET_REPO/selftests/tools/nlsend
load_ztnet
ns_add priv-a
ip -n priv-a link add zt0 type ztnet
umask 077
ztnet genkey >"$ZTNET_TMP/key"
in_ns priv-a ztnet set zt0 private-key "$ZTNET_TMP/key"
before=$(in_ns priv-a ztnet showconf zt0)

as_nobody() {
	in_ns priv-a setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
}

expect_exit() {
	local want=$1 status=0

	shift
	"$@" >/dev/null 2>&1 || status=$?
	expect_eq "$status" "$want" "exit status of '$*'"
}

expect_exit 6 as_nobody ztnet show zt0
expect_exit 6 as_nobody ztnet show zt0 private-key
expect_exit 6 as_nobody ztnet showconf zt0
# The list of devices comes from rtnetlink, as wg's: anyone may read it.
expect_eq "$(as_nobody ztnet show interfaces)" "zt0" "show interfaces as a plain user"
expect_exit 6 as_nobody ztnet show all
expect_exit 6 as_nobody ztnet set zt0 listen-port 1234 fwmark 7
expect_eq "$(as_nobody "$nlsend" set 2=str:zt0 5=u32:1)" "error EPERM: " "plain user SET_DEVICE"
expect_eq "$(as_nobody "$nlsend" --dump get)" "error EPERM: " "plain user GET_DEVICE"

if ! as_nobody unshare -Ur true 2>/dev/null; then
	skip "unprivileged user namespaces are disabled"
fi
expect_exit 6 as_nobody unshare -Ur ztnet show zt0
expect_exit 6 as_nobody unshare -Ur ztnet showconf zt0
expect_eq "$(as_nobody unshare -Ur "$nlsend" set 2=str:zt0 5=u32:1)" "error EPERM: " \
	"user-namespace root SET_DEVICE on a foreign netns"

# Its own network namespace is the user's to configure.
own=$(as_nobody unshare -Urn sh -c 'ip link add zt9 type ztnet && ztnet show interfaces')
expect_eq "$own" "zt9" "a user's own device in its own namespaces"

expect_eq "$(in_ns priv-a ztnet showconf zt0)" "$before" "configuration after refused requests"
unload_ztnet

# Without the module there is nothing to show, which is no error.
for what in interfaces all ""; do
	# shellcheck disable=SC2086 # "" is no argument at all
	out=$(ztnet show $what 2>&1) || fail "'ztnet show $what' without the module failed: $out"
	expect_eq "$out" "" "'ztnet show $what' without the module"
done
