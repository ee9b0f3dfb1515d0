/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One ztnet device's configuration: what GET_DEVICE reports and what
 * SET_DEVICE changes, in the same struct, as wg(8) keeps its wgdevice.
 * The config parser and the `set` argument parser fill one, the encoder
 * turns one into requests, the decoder turns replies back into one, and
 * the printers print one.  This file owns its memory: peers and their
 * allowed IPs live in arrays that grow, and ztnet_device_wipe frees them.
 */
#ifndef ZTNET_DEVICE_H
#define ZTNET_DEVICE_H

#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ztnet.h>

struct ztnet_allowedip {
	uint16_t family;	/* AF_INET or AF_INET6 */
	uint8_t cidr;
	bool remove_me;		/* a request only: ZTALLOWEDIP_F_REMOVE_ME */
	union {
		struct in_addr ip4;
		struct in6_addr ip6;
	};
};

union ztnet_endpoint {
	struct sockaddr addr;	/* sa_family AF_UNSPEC: no endpoint */
	struct sockaddr_in addr4;
	struct sockaddr_in6 addr6;
};

struct ztnet_peer {
	uint8_t public_key[ZTNET_KEY_LEN];
	uint8_t preshared_key[ZTNET_KEY_LEN];
	bool has_preshared_key;	/* in a request, all zeros removes it */
	bool has_keepalive;
	bool remove_me;
	bool replace_allowedips;
	bool update_only;
	uint16_t keepalive;	/* seconds, 0 is off */
	union ztnet_endpoint endpoint;
	/* "host:port" as the user wrote it, until endpoint.c resolves it. */
	char *endpoint_text;
	int64_t last_handshake_sec;	/* 0: never */
	int64_t last_handshake_nsec;
	uint64_t rx_bytes;
	uint64_t tx_bytes;
	uint64_t id;	/* what the kernel's debug messages call it; 0: unknown */
	struct ztnet_allowedip *allowedips;
	size_t allowedips_len;
	size_t allowedips_cap;
	/* ZTPEER_A_GROUPS: in a request, has_groups replaces them. */
	bool has_groups;
	char (*groups)[ZTRULE_NAME_MAX + 1];
	size_t groups_len;
};

struct ztnet_policy;

struct ztnet_device {
	uint32_t ifindex;
	char ifname[IFNAMSIZ];
	bool has_private_key;	/* in a request, all zeros removes it */
	bool has_public_key;
	bool has_listen_port;
	bool has_fwmark;
	bool replace_peers;
	/* A request only: ZTDEVICE_F_STAGE, and ZTDEVICE_A_STAGED. */
	bool staged;
	bool has_staged_count;
	uint32_t staged_count;
	uint8_t private_key[ZTNET_KEY_LEN];
	uint8_t public_key[ZTNET_KEY_LEN];
	uint16_t listen_port;
	uint32_t fwmark;
	struct ztnet_peer *peers;
	size_t peers_len;
	size_t peers_cap;
	/* ZTDEVICE_A_POLICY (policy.h), or NULL: none sent or received. */
	struct ztnet_policy *policy;
};

/* Appends a zeroed peer and returns it; exits if memory runs out. */
struct ztnet_peer *ztnet_device_add_peer(struct ztnet_device *dev);

/* Appends ip to the peer's allowed IPs; exits if memory runs out. */
void ztnet_peer_add_allowedip(struct ztnet_peer *peer,
			      const struct ztnet_allowedip *ip);

/*
 * Moves peer (which the caller then forgets) to the end of dev.  A peer
 * with the same public key as dev's last peer is the continuation of a
 * peer whose allowed IPs did not fit in one message: its allowed IPs are
 * appended to that peer, as wg(8) coalesces them.
 */
void ztnet_device_take_peer(struct ztnet_device *dev, struct ztnet_peer *peer);

/* Moves the peers of from to the end of dev, coalescing, and wipes from. */
void ztnet_device_absorb(struct ztnet_device *dev, struct ztnet_device *from);

/* Frees and wipes what peer holds, which may be a preshared key. */
void ztnet_peer_wipe(struct ztnet_peer *peer);

/* Frees and wipes everything dev holds and leaves it all zeros. */
void ztnet_device_wipe(struct ztnet_device *dev);

/* Whether two replies name the same device, so one continues the other. */
bool ztnet_device_same(const struct ztnet_device *a,
		       const struct ztnet_device *b);

#endif /* ZTNET_DEVICE_H */
