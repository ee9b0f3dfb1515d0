/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * ztnet: the generic netlink interface between the ztnet.ko module and the
 * ztnet(8) tool.
 *
 * Family
 * ------
 * The generic netlink family is named ZTNET_GENL_NAME ("ztnet") and has
 * version ZTNET_GENL_VERSION.  Every command needs CAP_NET_ADMIN in the
 * network namespace that owns the device, including GET_DEVICE: a device's
 * configuration is not public.
 *
 * A device is named either by ZTDEVICE_A_IFINDEX or by ZTDEVICE_A_IFNAME.
 * When both are given they must name the same device.  Naming a device that
 * exists but is not a ztnet device fails with EOPNOTSUPP; naming no device
 * that exists fails with ENODEV.
 *
 * Commands
 * --------
 * ZTNET_CMD_GET_DEVICE
 *	Must be issued with NLM_F_DUMP.  Without ZTDEVICE_A_IFINDEX or
 *	ZTDEVICE_A_IFNAME it lists every ztnet device of the caller's network
 *	namespace, one message each holding only ZTDEVICE_A_IFINDEX and
 *	ZTDEVICE_A_IFNAME.  Naming a device returns its configuration:
 *
 *	ZTDEVICE_A_IFINDEX		NLA_U32
 *	ZTDEVICE_A_IFNAME		NLA_NUL_STRING, at most IFNAMSIZ - 1
 *	ZTDEVICE_A_PRIVATE_KEY		ZTNET_KEY_LEN bytes, only if one is set
 *	ZTDEVICE_A_PUBLIC_KEY		ZTNET_KEY_LEN bytes, only if one is set
 *	ZTDEVICE_A_LISTEN_PORT		NLA_U16
 *	ZTDEVICE_A_FWMARK		NLA_U32
 *	ZTDEVICE_A_PEERS		NLA_NESTED, see below
 *	ZTDEVICE_A_POLICY		NLA_NESTED, see "Policy"
 *
 *	A configuration too large for one message continues in the next:
 *	every message repeats ZTDEVICE_A_IFINDEX and ZTDEVICE_A_IFNAME, only
 *	the first carries the device's own attributes, and each carries the
 *	next slice of peers.  A peer whose allowed IPs do not fit continues
 *	in the next message as an element with only its public key and the
 *	rest of its allowed IPs.  If the configuration changes during the
 *	dump, the messages carry NLM_F_DUMP_INTR: dump again.
 *
 * ZTNET_CMD_SET_DEVICE
 *	Changes the device named by ZTDEVICE_A_IFINDEX or ZTDEVICE_A_IFNAME.
 *	It takes the attributes of GET_DEVICE (not the public key, which is
 *	derived from the private key, nor the peer statistics) plus:
 *
 *	ZTDEVICE_A_FLAGS		NLA_U32, a set of enum ztdevice_flag
 *	ZTDEVICE_A_STAGED		NLA_U32, see below
 *
 *	An all-zero private key removes the device's key pair.  A peer with
 *	the device's own public key is ignored.  A new private key ends what
 *	every peer had under the old one: its sessions send no more and its
 *	next packet starts a handshake at once.  The request is applied in
 *	this order: listen port, fwmark, ZTDEVICE_F_REPLACE_PEERS, private
 *	key, then each peer in turn.  The port comes first because binding it
 *	is what can fail: a port in use (EADDRINUSE) changes nothing.
 *
 *	A change too large for one message is sent as several: every one but
 *	the last carries ZTDEVICE_F_STAGE.  A staged request is validated and
 *	kept, for the netlink socket that sent it and the device it names,
 *	and nothing changes yet.  The next request from that socket for that
 *	device without ZTDEVICE_F_STAGE applies the staged ones, in the order
 *	they came, and then itself, as one change.  If it carries
 *	ZTDEVICE_A_STAGED, the number of staged requests it means to commit,
 *	and the socket has another number staged, nothing is applied: ESTALE.
 *	ZTDEVICE_F_ABORT drops what the socket staged for the device, and
 *	applies nothing of its own request.  A socket that closes, or a device
 *	that goes, drops what was staged, unapplied.  One socket may have at
 *	most 64 MiB staged for all devices together, and all sockets together
 *	a sixteenth of the machine's memory, or 64 MiB if that is more (E2BIG
 *	past either).  One change may go through at most 16 private keys
 *	(E2BIG).
 *
 *	A change is made whole or not at all.  Every request is validated as
 *	it comes.  Unknown attributes, attributes of the wrong type or length
 *	and unknown flags are refused with EINVAL (ERANGE for a length or
 *	value out of its range); so are a peer without a public key, an
 *	endpoint that is not a sockaddr_in or sockaddr_in6, and an allowed IP
 *	whose family, address length and CIDR disagree.  A public key that
 *	is zero or of low order is taken, as WireGuard takes it: no handshake
 *	with it can succeed, so nothing is ever sent to that peer.  The
 *	extended ACK message names the problem.  A change that cannot be
 *	made, for ENOMEM, for ENOSPC (more than 1,048,576 peers at any point
 *	of it) or for a listen port that cannot be bound, changes nothing
 *	either.  Any error also drops what
 *	the socket staged for the device, but a refusal by the attribute
 *	policies, which comes before ztnet sees the request, and a request
 *	that names no device of its own: after those, abort or close the
 *	socket.  A device deleted while a change
 *	waits for it takes no change: ENODEV.
 *
 * Peers
 * -----
 * ZTDEVICE_A_PEERS is a nested array: each element is an NLA_NESTED whose
 * type is ignored and which holds the attributes of enum ztpeer_attr:
 *
 *	ZTPEER_A_PUBLIC_KEY		ZTNET_KEY_LEN bytes, names the peer
 *	ZTPEER_A_PRESHARED_KEY		ZTNET_KEY_LEN bytes, all zeros removes it
 *	ZTPEER_A_FLAGS			NLA_U32, a set of enum ztpeer_flag
 *	ZTPEER_A_ENDPOINT		struct sockaddr_in or struct sockaddr_in6
 *	ZTPEER_A_PERSISTENT_KEEPALIVE_INTERVAL
 *					NLA_U16, seconds, 0 disables
 *	ZTPEER_A_LAST_HANDSHAKE_TIME	struct __kernel_timespec, GET only
 *	ZTPEER_A_RX_BYTES		NLA_U64, GET only
 *	ZTPEER_A_TX_BYTES		NLA_U64, GET only
 *	ZTPEER_A_ALLOWEDIPS		NLA_NESTED array of allowed IPs
 *	ZTPEER_A_PROTOCOL_VERSION	NLA_U32, 1 is the only version
 *	ZTPEER_A_GROUPS			NLA_NESTED array of group names, see
 *					"Policy"
 *	ZTPEER_A_ID			NLA_U64, GET only: the number the
 *					module's debug messages call the
 *					peer by ("peer 7"), unique until the
 *					module is unloaded
 *
 * Each allowed IP is an NLA_NESTED element, type ignored, holding:
 *
 *	ZTALLOWEDIP_A_FAMILY		NLA_U16, AF_INET or AF_INET6
 *	ZTALLOWEDIP_A_IPADDR		4 or 16 bytes, network byte order
 *	ZTALLOWEDIP_A_CIDR_MASK		NLA_U8, at most 32 or 128
 *	ZTALLOWEDIP_A_FLAGS		NLA_U32, a set of enum ztallowedip_flag,
 *					SET only; absent is 0
 *
 * In SET, a peer's allowed IPs are applied in order, after
 * ZTPEER_F_REPLACE_ALLOWEDIPS if it is set.  Bits past the prefix are
 * ignored.  Without ZTALLOWEDIP_F_REMOVE_ME a prefix is added to the peer,
 * taken from the peer that had it if another did.  With it the prefix is
 * removed if this peer has it, exactly: a prefix that no peer has, that
 * another peer has, or that only covers or is covered by one of this
 * peer's, is left as it is, and that is no error (as in WireGuard's
 * WGALLOWEDIP_F_REMOVE_ME).
 *
 * Policy (being built: the kernel takes and reports these attributes, but
 * ------  ZTPOLICY_A_DROPS, _WOULD_DROP and _FLOWS, and enforces none yet)
 * ZTDEVICE_A_POLICY is an NLA_NESTED of enum ztpolicy_attr, in GET_DEVICE
 * (first message only, except ZTPOLICY_A_RULES, see below) and in
 * SET_DEVICE.  What a SET leaves out stays as it is.  The policy is part
 * of the device's configuration change: staged with the rest, and applied
 * with it as one change, or not at all (Documentation/microsegments.rst).
 *
 *	ZTPOLICY_A_MODE			NLA_U8, enum ztpolicy_mode
 *	ZTPOLICY_A_DEFAULT_IN		NLA_U8, enum ztrule_action, for
 *					enforce and audit; ZTRULE_DROP at first
 *	ZTPOLICY_A_DEFAULT_OUT		NLA_U8, likewise
 *	ZTPOLICY_A_FLAGS		NLA_U32, a set of enum ztpolicy_flag
 *	ZTPOLICY_A_RULES		NLA_NESTED array of rules, see below;
 *					added to the rules in force, or
 *					replacing them with
 *					ZTPOLICY_F_REPLACE_RULES
 *	ZTPOLICY_A_PROTECT		NLA_NESTED array of NLA_U32, each a
 *					local service reachable only through
 *					a ztnet device: proto << 16 | port;
 *					replaces the set when present
 *	ZTPOLICY_A_MAX_FLOWS		NLA_U32, flows on the device, 1 at
 *					least (65,536 at first)
 *	ZTPOLICY_A_MAX_PEER_FLOWS	NLA_U32, flows of one peer, 1 at
 *					least (4,096 at first)
 *	ZTPOLICY_A_TIMEOUTS		NLA_NESTED of enum ztflow_timeout,
 *					each NLA_U32 seconds, 1 to 2^31 - 1
 *	ZTPOLICY_A_GENERATION		NLA_U64: in GET, the generation of the
 *					policy in force, bumped by every change
 *					to it; in SET, the change is made only
 *					if that is still the generation (ESTALE
 *					otherwise), for read-modify-write
 *	ZTPOLICY_A_DROPS		NLA_NESTED, GET only: an NLA_U64 of
 *					packets dropped per enum ztdrop_reason,
 *					with the reason as its type
 *	ZTPOLICY_A_WOULD_DROP		likewise, what audit mode let through
 *					that enforce would have dropped
 *	ZTPOLICY_A_FLOWS		NLA_U32, GET only: flows in the table
 *	ZTPOLICY_A_GROUPS		NLA_U32, GET only: groups in use
 *	ZTPOLICY_A_MEMORY		NLA_U64, GET only: bytes the policy
 *					(rules, groups, index) takes
 *
 * A GET dump sends the rules after the peers, as many per message as fit,
 * in a ZTDEVICE_A_POLICY that holds only ZTPOLICY_A_RULES: a second one
 * in the message that holds the last peers, if they fit there.
 * There, each rule also carries:
 *
 *	ZTRULE_A_NUMBER			NLA_U32, the rule's number
 *	ZTRULE_A_PACKETS		NLA_U64, packets it decided
 *	ZTRULE_A_BYTES			NLA_U64, their bytes
 *	ZTRULE_A_FLOWS			NLA_U64, flows it decided
 *
 * Rules are numbered from 1 as they are added.  A rule identical to one in
 * force (the same attributes, byte for byte: same name or none, and the
 * same match and action) keeps its number and counters when a change
 * replaces the rules, so a configuration applied twice changes nothing.
 * A replacement too large for one request is sent as one request with
 * ZTPOLICY_F_REPLACE_RULES followed, in the same change, by requests that
 * append the rest: those keep numbers too.  A GET returns each rule's
 * attributes as they were set, then its number and counters.  In SET,
 * ZTRULE_A_NUMBER names a rule in force, and its other attributes must
 * then be absent: with ZTPOLICY_F_DELETE_RULES such rules are deleted (a
 * number that names none is no error).  ZTPOLICY_F_REPLACE_RULES without
 * ZTPOLICY_A_RULES removes every rule; it may not come with
 * ZTPOLICY_F_DELETE_RULES.  Changing the mode to off keeps the rules and
 * groups, which apply again when it is changed back; their counters
 * start again from zero.
 *
 * A peer's groups are ZTPEER_A_GROUPS, an NLA_NESTED array of
 * NLA_NUL_STRING group names, at most ZTPEER_GROUPS_MAX; it replaces the
 * peer's groups when present (empty: none), as given (GET returns them
 * so, repeats included); a peer removed, by ZTPEER_F_REMOVE_ME or
 * ZTDEVICE_F_REPLACE_PEERS, leaves its groups.  A device has at most
 * ZTPOLICY_GROUPS_MAX groups, counting every name that a peer or a rule
 * uses: ENOSPC past that.
 *
 * Flows
 * -----
 * ZTNET_CMD_GET_FLOWS must be issued with NLM_F_DUMP and names a device as
 * GET_DEVICE does.  Each message holds ZTDEVICE_A_IFINDEX,
 * ZTDEVICE_A_IFNAME and ZTDEVICE_A_FLOWS, an NLA_NESTED array of flows,
 * each an NLA_NESTED of enum ztflow_attr.  Flows come and go during the
 * dump: it is a snapshot of none of them in particular, but a flow that
 * stays in the table for the whole dump is in it exactly once, unless a
 * resize or rehash of the table moved the flows meanwhile: the walk then
 * starts again, and the message that finds it so carries
 * NLM_F_DUMP_INTR (dump again).  A hash bucket is sent whole in one
 * message; only one too large for any message (a chain of some fifteen
 * flows, which the table's resizing makes unlikely) is split, and a flow
 * added to or removed from it between the two may then make another of
 * its flows appear twice or not at all, without the flag.
 *
 *	ZTFLOW_A_PUBLIC_KEY		the peer's key
 *	ZTFLOW_A_DIRECTION		NLA_U8, enum ztrule_direction of the
 *					flow's first packet
 *	ZTFLOW_A_FAMILY			NLA_U16, AF_INET or AF_INET6
 *	ZTFLOW_A_PROTO			NLA_U8
 *	ZTFLOW_A_SRC, ZTFLOW_A_DST	4 or 16 bytes, of the first packet
 *	ZTFLOW_A_SPORT, ZTFLOW_A_DPORT	NLA_U16 (tcp, udp, sctp)
 *	ZTFLOW_A_ICMP_ID		NLA_U16 (ICMP echo)
 *	ZTFLOW_A_STATE			NLA_U8, enum ztflow_state
 *	ZTFLOW_A_RULE			NLA_U32, the number of the rule that
 *					accepted it, 0 for the default
 *	ZTFLOW_A_AGE_MS			NLA_U64, since its first packet
 *	ZTFLOW_A_EXPIRES_MS		NLA_U64, until it expires if idle
 *	ZTFLOW_A_PACKETS_ORIG, ZTFLOW_A_BYTES_ORIG,
 *	ZTFLOW_A_PACKETS_REPLY, ZTFLOW_A_BYTES_REPLY
 *					NLA_U64, both ways
 *
 * Events
 * ------
 * The multicast group ZTNET_MCGRP_EVENTS carries ZTNET_CMD_EVENT messages
 * to listeners with CAP_NET_ADMIN, each an event of one device:
 *
 *	ZTEVENT_A_TYPE			NLA_U8, enum ztevent_type
 *	ZTEVENT_A_TIME_NS		NLA_U64, CLOCK_REALTIME
 *	ZTEVENT_A_IFINDEX		NLA_U32
 *	ZTEVENT_A_IFNAME		NLA_NUL_STRING
 *	ZTEVENT_A_PUBLIC_KEY		the peer's key, if a peer is involved
 *	ZTEVENT_A_GROUPS		NLA_NESTED array of its group names
 *	ZTEVENT_A_DIRECTION		NLA_U8, enum ztrule_direction
 *	ZTEVENT_A_FAMILY, ZTEVENT_A_PROTO, ZTEVENT_A_SRC, ZTEVENT_A_DST,
 *	ZTEVENT_A_SPORT, ZTEVENT_A_DPORT, ZTEVENT_A_ICMP_TYPE,
 *	ZTEVENT_A_ICMP_CODE		the packet, as for a flow
 *	ZTEVENT_A_RULE			NLA_U32, the deciding rule's number,
 *					0 for the direction's default
 *	ZTEVENT_A_RULE_NAME		NLA_NUL_STRING, if it has a name
 *	ZTEVENT_A_REASON		NLA_U8, enum ztdrop_reason, for drops
 *	ZTEVENT_A_PACKETS_ORIG, ZTEVENT_A_BYTES_ORIG,
 *	ZTEVENT_A_PACKETS_REPLY, ZTEVENT_A_BYTES_REPLY,
 *	ZTEVENT_A_DURATION_MS		NLA_U64, for ZTEVENT_FLOW_END
 *	ZTEVENT_A_GENERATION		NLA_U64, for ZTEVENT_POLICY_COMMIT
 *	ZTEVENT_A_SUPPRESSED		NLA_U64, events of the device that the
 *					rate limit dropped since the last one
 *					sent
 *
 * Rules
 * -----
 * A microsegment rule (Documentation/microsegments.rst) is an NLA_NESTED
 * element, type ignored, of enum ztrule_attr:
 *
 *	ZTRULE_A_ACTION			NLA_U8, enum ztrule_action
 *	ZTRULE_A_DIRECTION		NLA_U8, enum ztrule_direction
 *	ZTRULE_A_FROM			NLA_NESTED array of specs; absent: any
 *	ZTRULE_A_TO			NLA_NESTED array of specs; absent: any
 *	ZTRULE_A_PROTO			NLA_U8; absent: any protocol
 *	ZTRULE_A_PORTS			NLA_NESTED array of NLA_U32 ranges,
 *					each low << 16 | high, low <= high;
 *					only with IPPROTO_TCP, _UDP or _SCTP
 *	ZTRULE_A_SPORTS			the same, for the source port
 *	ZTRULE_A_ICMP_TYPE		NLA_U8, with IPPROTO_ICMP or _ICMPV6
 *	ZTRULE_A_ICMP_CODE		NLA_U8, with ZTRULE_A_ICMP_TYPE
 *	ZTRULE_A_NAME			NLA_NUL_STRING, 1 to 32 bytes: a
 *					letter or '_', then letters, digits,
 *					'_', '-' or '.'
 *
 * At most 256 specs in a list and 64 ranges in a port list.  Each spec is
 * an NLA_NESTED element, type ignored, of enum ztspec_attr:
 *
 *	ZTSPEC_A_KIND			NLA_U8, enum ztspec_kind
 *	ZTSPEC_A_FAMILY			NLA_U16, AF_INET or AF_INET6 (CIDR)
 *	ZTSPEC_A_IPADDR			4 or 16 bytes, host bits clear (CIDR)
 *	ZTSPEC_A_CIDR_MASK		NLA_U8, at most 32 or 128 (CIDR)
 *	ZTSPEC_A_GROUP			NLA_NUL_STRING, a group's name as
 *					for a rule (GROUP)
 *	ZTSPEC_A_PUBLIC_KEY		ZTNET_KEY_LEN bytes (PEER)
 *
 * Groups and peers name the remote side only: they may be in the FROM
 * list of a ZTRULE_DIR_IN rule and in the TO list of a ZTRULE_DIR_OUT one.
 *
 * How a packet is judged
 * ----------------------
 * In mode off, not at all.  Otherwise a packet of a flow in the table
 * passes, either way, unless the policy changed since the flow was
 * accepted and no longer accepts it: the flow is then revoked.  A new
 * flow is judged by the rules of its direction: a matching drop or reject
 * rule wins, else a matching accept rule, else the direction's default.
 * Accepted, it enters the table; over a cap it is dropped.  In audit
 * mode nothing is dropped, but what would be is counted and reported.
 *
 * Errors
 * ------
 * EPERM		the caller lacks CAP_NET_ADMIN in the device's netns
 * ENODEV		no device has that index or name, or it is being deleted
 * E2BIG		too much staged
 * ESTALE		a request to commit found another number staged
 * ENOSPC		more than 1,048,576 peers, or too many groups
 * ENOMEM		out of memory; a change is then not made at all
 * EOPNOTSUPP		the device is not a ztnet device
 * EINVAL		a malformed request; the extended ACK says why
 * ERANGE		an attribute's length or value is out of range
 */

#ifndef _UAPI_ZTNET_H
#define _UAPI_ZTNET_H

#define ZTNET_GENL_NAME		"ztnet"
#define ZTNET_GENL_VERSION	1

/* Keys are Curve25519 points and ChaCha20-Poly1305 keys: 32 bytes. */
#define ZTNET_KEY_LEN		32

enum ztnet_cmd {
	ZTNET_CMD_GET_DEVICE,
	ZTNET_CMD_SET_DEVICE,
	ZTNET_CMD_GET_FLOWS,
	ZTNET_CMD_EVENT,
	__ZTNET_CMD_MAX
};

#define ZTNET_CMD_MAX (__ZTNET_CMD_MAX - 1)

#define ZTNET_MCGRP_EVENTS	"events"

enum ztdevice_flag {
	/* Remove every peer before adding the peers of this request. */
	ZTDEVICE_F_REPLACE_PEERS = 1U << 0,
	/* Keep this request, to be applied with the next one not staged. */
	ZTDEVICE_F_STAGE = 1U << 1,
	/* Drop what this socket staged for the device; apply nothing. */
	ZTDEVICE_F_ABORT = 1U << 2,
	__ZTDEVICE_F_ALL = ZTDEVICE_F_REPLACE_PEERS | ZTDEVICE_F_STAGE |
			   ZTDEVICE_F_ABORT
};

enum ztdevice_attr {
	ZTDEVICE_A_UNSPEC,
	ZTDEVICE_A_IFINDEX,
	ZTDEVICE_A_IFNAME,
	ZTDEVICE_A_PRIVATE_KEY,
	ZTDEVICE_A_PUBLIC_KEY,
	ZTDEVICE_A_FLAGS,
	ZTDEVICE_A_LISTEN_PORT,
	ZTDEVICE_A_FWMARK,
	ZTDEVICE_A_PEERS,
	ZTDEVICE_A_STAGED,
	ZTDEVICE_A_POLICY,
	ZTDEVICE_A_FLOWS,
	__ZTDEVICE_A_LAST
};

#define ZTDEVICE_A_MAX (__ZTDEVICE_A_LAST - 1)

enum ztpeer_flag {
	/* Remove the peer named by ZTPEER_A_PUBLIC_KEY. */
	ZTPEER_F_REMOVE_ME = 1U << 0,
	/* Replace the peer's allowed IPs instead of adding to them. */
	ZTPEER_F_REPLACE_ALLOWEDIPS = 1U << 1,
	/* Change the peer only if it exists already; never create it. */
	ZTPEER_F_UPDATE_ONLY = 1U << 2,
	__ZTPEER_F_ALL = ZTPEER_F_REMOVE_ME | ZTPEER_F_REPLACE_ALLOWEDIPS |
			 ZTPEER_F_UPDATE_ONLY
};

enum ztpeer_attr {
	ZTPEER_A_UNSPEC,
	ZTPEER_A_PUBLIC_KEY,
	ZTPEER_A_PRESHARED_KEY,
	ZTPEER_A_FLAGS,
	ZTPEER_A_ENDPOINT,
	ZTPEER_A_PERSISTENT_KEEPALIVE_INTERVAL,
	ZTPEER_A_LAST_HANDSHAKE_TIME,
	ZTPEER_A_RX_BYTES,
	ZTPEER_A_TX_BYTES,
	ZTPEER_A_ALLOWEDIPS,
	ZTPEER_A_PROTOCOL_VERSION,
	ZTPEER_A_GROUPS,
	ZTPEER_A_ID,
	__ZTPEER_A_LAST
};

#define ZTPEER_A_MAX (__ZTPEER_A_LAST - 1)

enum ztallowedip_flag {
	/* Remove the prefix from the peer instead of adding it. */
	ZTALLOWEDIP_F_REMOVE_ME = 1U << 0,
	__ZTALLOWEDIP_F_ALL = ZTALLOWEDIP_F_REMOVE_ME
};

enum ztallowedip_attr {
	ZTALLOWEDIP_A_UNSPEC,
	ZTALLOWEDIP_A_FAMILY,
	ZTALLOWEDIP_A_IPADDR,
	ZTALLOWEDIP_A_CIDR_MASK,
	ZTALLOWEDIP_A_FLAGS,
	__ZTALLOWEDIP_A_LAST
};

#define ZTALLOWEDIP_A_MAX (__ZTALLOWEDIP_A_LAST - 1)

enum ztrule_action {
	ZTRULE_ACCEPT,
	ZTRULE_DROP,
	/* Drop, and answer with a TCP RST or an ICMP "administratively prohibited". */
	ZTRULE_REJECT,
	__ZTRULE_ACTION_LAST
};

enum ztrule_direction {
	/* From a peer, to this host or through it to a subnet it routes. */
	ZTRULE_DIR_IN,
	/* From this host or its subnets, to a peer. */
	ZTRULE_DIR_OUT,
	__ZTRULE_DIR_LAST
};

enum ztrule_attr {
	ZTRULE_A_UNSPEC,
	ZTRULE_A_ACTION,
	ZTRULE_A_DIRECTION,
	ZTRULE_A_FROM,
	ZTRULE_A_TO,
	ZTRULE_A_PROTO,
	ZTRULE_A_PORTS,
	ZTRULE_A_SPORTS,
	ZTRULE_A_ICMP_TYPE,
	ZTRULE_A_ICMP_CODE,
	ZTRULE_A_NAME,
	ZTRULE_A_NUMBER,
	ZTRULE_A_PACKETS,
	ZTRULE_A_BYTES,
	ZTRULE_A_FLOWS,
	__ZTRULE_A_LAST
};

#define ZTRULE_A_MAX (__ZTRULE_A_LAST - 1)

enum ztspec_kind {
	ZTSPEC_ANY,
	ZTSPEC_CIDR,
	ZTSPEC_GROUP,
	ZTSPEC_PEER,
	__ZTSPEC_KIND_LAST
};

enum ztspec_attr {
	ZTSPEC_A_UNSPEC,
	ZTSPEC_A_KIND,
	ZTSPEC_A_FAMILY,
	ZTSPEC_A_IPADDR,
	ZTSPEC_A_CIDR_MASK,
	ZTSPEC_A_GROUP,
	ZTSPEC_A_PUBLIC_KEY,
	__ZTSPEC_A_LAST
};

#define ZTSPEC_A_MAX (__ZTSPEC_A_LAST - 1)

#define ZTRULE_NAME_MAX		32	/* bytes, without the NUL */
#define ZTRULE_SPECS_MAX	256
#define ZTRULE_RANGES_MAX	64
#define ZTPEER_GROUPS_MAX	256
#define ZTPOLICY_GROUPS_MAX	65535

enum ztpolicy_mode {
	/* No rule is looked at: WireGuard's behaviour, the default. */
	ZTPOLICY_MODE_OFF,
	/* Rules and defaults decide. */
	ZTPOLICY_MODE_ENFORCE,
	/* Judged as in enforce, counted and reported, but nothing dropped. */
	ZTPOLICY_MODE_AUDIT,
	__ZTPOLICY_MODE_LAST
};

enum ztpolicy_flag {
	/* The request's rules replace every rule in force. */
	ZTPOLICY_F_REPLACE_RULES = 1U << 0,
	/* The request's rules, named by number, are deleted. */
	ZTPOLICY_F_DELETE_RULES = 1U << 1,
	__ZTPOLICY_F_ALL = ZTPOLICY_F_REPLACE_RULES | ZTPOLICY_F_DELETE_RULES
};

enum ztpolicy_attr {
	ZTPOLICY_A_UNSPEC,
	ZTPOLICY_A_MODE,
	ZTPOLICY_A_DEFAULT_IN,
	ZTPOLICY_A_DEFAULT_OUT,
	ZTPOLICY_A_FLAGS,
	ZTPOLICY_A_RULES,
	ZTPOLICY_A_PROTECT,
	ZTPOLICY_A_MAX_FLOWS,
	ZTPOLICY_A_MAX_PEER_FLOWS,
	ZTPOLICY_A_TIMEOUTS,
	ZTPOLICY_A_GENERATION,
	ZTPOLICY_A_DROPS,
	ZTPOLICY_A_WOULD_DROP,
	ZTPOLICY_A_FLOWS,
	ZTPOLICY_A_GROUPS,
	ZTPOLICY_A_MEMORY,
	__ZTPOLICY_A_LAST
};

#define ZTPOLICY_A_MAX (__ZTPOLICY_A_LAST - 1)

/* Idle timeouts of flows; the defaults are in microsegments.rst. */
enum ztflow_timeout {
	ZTTIMEOUT_A_UNSPEC,
	ZTTIMEOUT_A_TCP_OPENING,	/* 60 s */
	ZTTIMEOUT_A_TCP_ESTABLISHED,	/* 7,440 s, RFC 5382's minimum */
	ZTTIMEOUT_A_TCP_CLOSING,	/* 60 s */
	ZTTIMEOUT_A_UDP,		/* 120 s */
	ZTTIMEOUT_A_ICMP,		/* 30 s */
	ZTTIMEOUT_A_OTHER,		/* 60 s */
	__ZTTIMEOUT_A_LAST
};

#define ZTTIMEOUT_A_MAX (__ZTTIMEOUT_A_LAST - 1)

/* Why a packet was dropped, or would have been in audit mode. */
enum ztdrop_reason {
	ZTDROP_UNSPEC,
	ZTDROP_NO_RULE,		/* no rule matched; the default is drop */
	ZTDROP_DENIED,		/* a drop or reject rule matched */
	ZTDROP_OVER_CAP,	/* a new flow past a flow cap */
	ZTDROP_FRAGMENT,	/* a fragment no accepted first one vouches for */
	ZTDROP_UNPARSABLE,	/* no L4 header could be found */
	ZTDROP_PLAINTEXT,	/* a protected port reached without ztnet */
	ZTDROP_REVOKED,		/* a flow the new policy no longer accepts */
	__ZTDROP_LAST
};

#define ZTDROP_MAX (__ZTDROP_LAST - 1)

enum ztflow_state {
	ZTFLOW_STATE_NEW,		/* one way only so far */
	ZTFLOW_STATE_OPENING,		/* TCP handshake under way */
	ZTFLOW_STATE_ESTABLISHED,	/* answered */
	ZTFLOW_STATE_CLOSING,		/* TCP FIN or RST seen */
	__ZTFLOW_STATE_LAST
};

enum ztflow_attr {
	ZTFLOW_A_UNSPEC,
	ZTFLOW_A_PUBLIC_KEY,
	ZTFLOW_A_DIRECTION,
	ZTFLOW_A_FAMILY,
	ZTFLOW_A_PROTO,
	ZTFLOW_A_SRC,
	ZTFLOW_A_DST,
	ZTFLOW_A_SPORT,
	ZTFLOW_A_DPORT,
	ZTFLOW_A_ICMP_ID,
	ZTFLOW_A_STATE,
	ZTFLOW_A_RULE,
	ZTFLOW_A_AGE_MS,
	ZTFLOW_A_EXPIRES_MS,
	ZTFLOW_A_PACKETS_ORIG,
	ZTFLOW_A_BYTES_ORIG,
	ZTFLOW_A_PACKETS_REPLY,
	ZTFLOW_A_BYTES_REPLY,
	__ZTFLOW_A_LAST
};

#define ZTFLOW_A_MAX (__ZTFLOW_A_LAST - 1)

enum ztevent_type {
	ZTEVENT_UNSPEC,
	ZTEVENT_FLOW_ACCEPT,
	ZTEVENT_FLOW_DENY,
	ZTEVENT_FLOW_WOULD_DENY,	/* audit mode */
	ZTEVENT_OVER_CAP,
	ZTEVENT_REVOKED,
	ZTEVENT_PLAINTEXT_BLOCK,
	ZTEVENT_PLAINTEXT_WOULD_BLOCK,	/* audit mode */
	ZTEVENT_FLOW_END,
	ZTEVENT_POLICY_COMMIT,
	__ZTEVENT_LAST
};

enum ztevent_attr {
	ZTEVENT_A_UNSPEC,
	ZTEVENT_A_TYPE,
	ZTEVENT_A_TIME_NS,
	ZTEVENT_A_IFINDEX,
	ZTEVENT_A_IFNAME,
	ZTEVENT_A_PUBLIC_KEY,
	ZTEVENT_A_GROUPS,
	ZTEVENT_A_DIRECTION,
	ZTEVENT_A_FAMILY,
	ZTEVENT_A_PROTO,
	ZTEVENT_A_SRC,
	ZTEVENT_A_DST,
	ZTEVENT_A_SPORT,
	ZTEVENT_A_DPORT,
	ZTEVENT_A_ICMP_TYPE,
	ZTEVENT_A_ICMP_CODE,
	ZTEVENT_A_RULE,
	ZTEVENT_A_RULE_NAME,
	ZTEVENT_A_REASON,
	ZTEVENT_A_PACKETS_ORIG,
	ZTEVENT_A_BYTES_ORIG,
	ZTEVENT_A_PACKETS_REPLY,
	ZTEVENT_A_BYTES_REPLY,
	ZTEVENT_A_DURATION_MS,
	ZTEVENT_A_GENERATION,
	ZTEVENT_A_SUPPRESSED,
	__ZTEVENT_A_LAST
};

#define ZTEVENT_A_MAX (__ZTEVENT_A_LAST - 1)

#endif /* _UAPI_ZTNET_H */
