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
 *	value out of its range); so are a peer without a public key, a public
 *	key that is zero or of low order, an endpoint that is not a
 *	sockaddr_in or sockaddr_in6, and an allowed IP whose family, address
 *	length and CIDR disagree.  The extended ACK message names the
 *	problem.  A change that cannot be made, for ENOMEM, for ENOSPC (more
 *	than 1,048,576 peers at any point of it) or for a listen port that
 *	cannot be bound, changes nothing either.  Any error also drops what
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
 *
 * Each allowed IP is an NLA_NESTED element, type ignored, holding:
 *
 *	ZTALLOWEDIP_A_FAMILY		NLA_U16, AF_INET or AF_INET6
 *	ZTALLOWEDIP_A_IPADDR		4 or 16 bytes, network byte order
 *	ZTALLOWEDIP_A_CIDR_MASK		NLA_U8, at most 32 or 128
 *
 * Rules (being built: the kernel does not take these attributes yet)
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
 * Errors
 * ------
 * EPERM		the caller lacks CAP_NET_ADMIN in the device's netns
 * ENODEV		no device has that index or name, or it is being deleted
 * E2BIG		too much staged
 * ESTALE		a request to commit found another number staged
 * ENOSPC		more than 1,048,576 peers
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
	__ZTNET_CMD_MAX
};

#define ZTNET_CMD_MAX (__ZTNET_CMD_MAX - 1)

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
	__ZTPEER_A_LAST
};

#define ZTPEER_A_MAX (__ZTPEER_A_LAST - 1)

enum ztallowedip_attr {
	ZTALLOWEDIP_A_UNSPEC,
	ZTALLOWEDIP_A_FAMILY,
	ZTALLOWEDIP_A_IPADDR,
	ZTALLOWEDIP_A_CIDR_MASK,
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

#endif /* _UAPI_ZTNET_H */
