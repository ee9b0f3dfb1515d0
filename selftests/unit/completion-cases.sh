#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tools/completion/ztnet.bash, driven as bash drives it: each case sets
# the words of a command line and checks what is offered.  A stand-in
# ztnet lists two devices and one peer.  Exits non-zero on the first
# case that fails, saying which.
set -u
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../../tools/completion/ztnet.bash
. "$here/../../tools/completion/ztnet.bash"

# shellcheck disable=SC2317 # called by the completion
ztnet() {
	case "$*" in
	"show interfaces") echo "zt0 zt1" ;;
	"show zt0 peers") echo "PEERKEY=" ;;
	esac
}

# offers LINE WANT: completing the last word of LINE offers WANT, sorted.
offers() {
	local got
	read -ra COMP_WORDS <<<"$1"
	[[ $1 == *" " ]] && COMP_WORDS+=("")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	_ztnet
	got=$(printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ')
	if [[ "${got% }" != "$2" ]]; then
		echo "# completing '$1': offered '${got% }', want '$2'"
		exit 1
	fi
}

offers "ztnet s" "save set setconf show showconf strip syncconf"
offers "ztnet u" "up"
offers "ztnet d" "down"
offers "ztnet g" "genkey genpsk"
offers "ztnet m" "metrics monitor"
offers "ztnet metrics " "zt0 zt1"
offers "ztnet show " "all interfaces zt0 zt1"
offers "ztnet show zt0 --j" "--json"
offers "ztnet show zt0 p" "peers persistent-keepalive policy preshared-keys private-key public-key"
offers "ztnet show interfaces " ""
offers "ztnet set " "zt0 zt1"
offers "ztnet set zt0 l" "listen-port"
offers "ztnet set zt0 policy " "audit enforce off"
offers "ztnet set zt0 default-in r" "reject"
offers "ztnet set zt0 peer " "PEERKEY="
offers "ztnet set zt0 peer PEERKEY= r" "remove"
offers "ztnet set zt0 peer PEERKEY= g" "groups"
offers "ztnet set zt0 listen-port " ""
offers "ztnet syncconf z" "zt0 zt1"
offers "ztnet rule " "add del"
offers "ztnet rule add zt0 " "accept drop reject"
offers "ztnet rule add zt0 accept " "in out"
offers "ztnet rule add zt0 accept in p" "port proto"
offers "ztnet rule add zt0 accept in proto " "icmp icmpv6 sctp tcp udp"
offers "ztnet rule add zt0 accept in proto icmp type echo-r" "echo-reply echo-request"
offers "ztnet rule add zt0 accept in from " "any group: peer:"
offers "ztnet monitor " "--json zt0 zt1"
ZTNET_CONFIG_DIR=$(mktemp -d)
touch "$ZTNET_CONFIG_DIR/office.conf" "$ZTNET_CONFIG_DIR/home.conf"
export ZTNET_CONFIG_DIR
cd "$ZTNET_CONFIG_DIR" || exit 1
offers "ztnet strip o" "office office.conf"
offers "ztnet up o" "office office.conf"
offers "ztnet up --d" "--dry-run"
offers "ztnet up --dry-run h" "home home.conf"
offers "ztnet up --dry-run home " ""
offers "ztnet down h" "home home.conf"
offers "ztnet save o" "office office.conf"
offers "ztnet down home " ""
rm -r "$ZTNET_CONFIG_DIR"
exit 0
