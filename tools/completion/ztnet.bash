# SPDX-License-Identifier: GPL-2.0
# bash completion for ztnet(8): every command and keyword, the ztnet
# devices of this namespace (from `ztnet show interfaces`, which needs no
# privilege) and the configuration files of /etc/ztnet.

_ztnet_devices() {
	ztnet show interfaces 2>/dev/null | tr ' ' '\n'
}

_ztnet_peers() {
	ztnet show "$1" peers 2>/dev/null
}

# _ztnet_words WORD...: offers the words that start the current one.
_ztnet_words() {
	local IFS=$'\n'
	# shellcheck disable=SC2207 # one word a line, by IFS
	COMPREPLY+=($(compgen -W "$*" -- "${COMP_WORDS[COMP_CWORD]}"))
}

# The names of /etc/ztnet's configurations, which up, down, save and strip
# take for the file.
_ztnet_config_names() {
	local f
	for f in "${ZTNET_CONFIG_DIR:-/etc/ztnet}"/*.conf; do
		[[ -e $f ]] || continue
		f=${f##*/}
		echo "${f%.conf}"
	done
}

# A configuration's name or file, for up, down, save and strip.
_ztnet_quick_file() {
	_ztnet_words "$(_ztnet_config_names)"
	_ztnet_files
}

_ztnet_files() {
	local IFS=$'\n'
	# shellcheck disable=SC2207
	COMPREPLY+=($(compgen -f -- "${COMP_WORDS[COMP_CWORD]}"))
	compopt -o filenames 2>/dev/null
}

_ztnet_show() {
	if ((COMP_CWORD == 2)); then
		_ztnet_words all interfaces "$(_ztnet_devices)"
	elif ((COMP_CWORD == 3)) && [[ ${COMP_WORDS[2]} != interfaces ]]; then
		_ztnet_words --json public-key private-key listen-port fwmark peers \
			preshared-keys endpoints allowed-ips latest-handshakes \
			transfer persistent-keepalive dump rules policy flows
	fi
}

# What follows a keyword of `set`: a value, or nothing to offer.
_ztnet_set_value() {
	case $1 in
	private-key | preshared-key) _ztnet_files ;;
	policy) _ztnet_words off enforce audit ;;
	default-in | default-out) _ztnet_words accept drop reject ;;
	protect | groups) _ztnet_words none ;;
	peer) _ztnet_words "$(_ztnet_peers "${COMP_WORDS[2]}")" ;;
	*) return 1 ;;
	esac
}

_ztnet_set() {
	local prev=${COMP_WORDS[COMP_CWORD - 1]} i in_peer=0

	if ((COMP_CWORD == 2)); then
		_ztnet_words "$(_ztnet_devices)"
		return
	fi
	case $prev in
	listen-port | fwmark | endpoint | persistent-keepalive | allowed-ips)
		return ;;
	esac
	_ztnet_set_value "$prev" && return
	for ((i = 3; i < COMP_CWORD; i++)); do
		[[ ${COMP_WORDS[i]} == peer ]] && in_peer=1
	done
	if ((in_peer)); then
		_ztnet_words peer remove update-only preshared-key endpoint \
			persistent-keepalive allowed-ips groups
	else
		_ztnet_words listen-port fwmark private-key policy default-in \
			default-out protect peer
	fi
}

_ztnet_conf() {
	if ((COMP_CWORD == 2)); then
		_ztnet_words "$(_ztnet_devices)"
	elif ((COMP_CWORD == 3)); then
		_ztnet_files
	fi
}

_ztnet_rule() {
	local prev=${COMP_WORDS[COMP_CWORD - 1]}

	case $COMP_CWORD in
	2) _ztnet_words add del; return ;;
	3) _ztnet_words "$(_ztnet_devices)"; return ;;
	4) _ztnet_words accept drop reject; return ;;
	5) _ztnet_words in out; return ;;
	esac
	case $prev in
	proto) _ztnet_words tcp udp icmp icmpv6 sctp ;;
	type)
		_ztnet_words echo-request echo-reply destination-unreachable \
			time-exceeded parameter-problem redirect source-quench \
			timestamp-request timestamp-reply router-advertisement \
			router-solicitation packet-too-big nd-router-solicit \
			nd-router-advert nd-neighbor-solicit nd-neighbor-advert \
			nd-redirect ;;
	from | to) _ztnet_words any group: peer: ;;
	port | sport | name) ;;
	*) _ztnet_words from to proto port sport type name ;;
	esac
}

_ztnet() {
	COMPREPLY=()
	if ((COMP_CWORD == 1)); then
		_ztnet_words show showconf set setconf addconf syncconf rule \
			monitor metrics check up down save strip genkey genpsk pubkey \
			help version
		return
	fi
	case ${COMP_WORDS[1]} in
	show) _ztnet_show ;;
	showconf | metrics) ((COMP_CWORD == 2)) && _ztnet_words "$(_ztnet_devices)" ;;
	set) _ztnet_set ;;
	setconf | addconf | syncconf) _ztnet_conf ;;
	rule) _ztnet_rule ;;
	monitor) ((COMP_CWORD == 2)) && _ztnet_words --json "$(_ztnet_devices)" ;;
	check) ((COMP_CWORD == 2)) && _ztnet_files ;;
	up)
		if ((COMP_CWORD == 2)); then
			_ztnet_words --dry-run
			_ztnet_quick_file
		elif ((COMP_CWORD == 3)) && [[ ${COMP_WORDS[2]} == --dry-run ]]; then
			_ztnet_quick_file
		fi ;;
	down | save | strip) ((COMP_CWORD == 2)) && _ztnet_quick_file ;;
	esac
	return 0
}

complete -F _ztnet ztnet
