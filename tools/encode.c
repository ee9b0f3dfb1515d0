// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "encode.h"

enum chunk { CHUNK_NONE, CHUNK_PARTIAL, CHUNK_WHOLE };

/*
 * What ZTDEVICE_A_FLAGS and ZTDEVICE_A_STAGED take, kept free until the
 * end of each message.
 */
#define FLAGS_ROOM (2 * (MNL_ATTR_HDRLEN + MNL_ALIGN(sizeof(uint32_t))))

/* One message being written. */
struct message {
	struct nlmsghdr *nlh;
	size_t size;
	bool has_content;	/* more than the device's name */
};

static bool put(struct message *m, uint16_t type, size_t len,
		const void *data)
{
	return mnl_attr_put_check(m->nlh, m->size, type, len, data);
}

static bool put_u32(struct message *m, uint16_t type, uint32_t value)
{
	return put(m, type, sizeof(value), &value);
}

static bool put_u16(struct message *m, uint16_t type, uint16_t value)
{
	return put(m, type, sizeof(value), &value);
}

static bool put_device_settings(struct message *m,
				const struct ztnet_device *dev)
{
	bool ok = true;

	if (dev->has_private_key)
		ok &= put(m, ZTDEVICE_A_PRIVATE_KEY, ZTNET_KEY_LEN,
			  dev->private_key);
	if (dev->has_listen_port)
		ok &= put_u16(m, ZTDEVICE_A_LISTEN_PORT, dev->listen_port);
	if (dev->has_fwmark)
		ok &= put_u32(m, ZTDEVICE_A_FWMARK, dev->fwmark);
	return ok;
}

static size_t endpoint_len(const union ztnet_endpoint *endpoint)
{
	if (endpoint->addr.sa_family == AF_INET)
		return sizeof(endpoint->addr4);
	if (endpoint->addr.sa_family == AF_INET6)
		return sizeof(endpoint->addr6);
	return 0;
}

/* What only a peer's first chunk says. */
static bool put_peer_settings(struct message *m, const struct ztnet_peer *peer)
{
	size_t len = endpoint_len(&peer->endpoint);
	bool ok = true;

	if (peer->has_preshared_key)
		ok &= put(m, ZTPEER_A_PRESHARED_KEY, ZTNET_KEY_LEN,
			  peer->preshared_key);
	if (len)
		ok &= put(m, ZTPEER_A_ENDPOINT, len, &peer->endpoint);
	if (peer->has_keepalive)
		ok &= put_u16(m, ZTPEER_A_PERSISTENT_KEEPALIVE_INTERVAL,
			      peer->keepalive);
	return ok;
}

static bool put_peer_head(struct message *m, const struct ztnet_peer *peer,
			  bool first_chunk)
{
	uint32_t flags = 0;

	if (peer->remove_me)
		flags |= ZTPEER_F_REMOVE_ME;
	if (peer->update_only)
		flags |= ZTPEER_F_UPDATE_ONLY;
	if (peer->replace_allowedips && first_chunk)
		flags |= ZTPEER_F_REPLACE_ALLOWEDIPS;
	if (!put(m, ZTPEER_A_PUBLIC_KEY, ZTNET_KEY_LEN, peer->public_key))
		return false;
	if (flags && !put_u32(m, ZTPEER_A_FLAGS, flags))
		return false;
	return !first_chunk || put_peer_settings(m, peer);
}

static bool put_allowedip(struct message *m, const struct ztnet_allowedip *ip)
{
	struct nlattr *nest = mnl_attr_nest_start_check(m->nlh, m->size, 0);
	size_t len = ip->family == AF_INET ? sizeof(ip->ip4) : sizeof(ip->ip6);

	if (!nest)
		return false;
	if (!put_u16(m, ZTALLOWEDIP_A_FAMILY, ip->family) ||
	    !put(m, ZTALLOWEDIP_A_IPADDR, len, &ip->ip6) ||
	    !put(m, ZTALLOWEDIP_A_CIDR_MASK, sizeof(ip->cidr), &ip->cidr)) {
		mnl_attr_nest_cancel(m->nlh, nest);
		return false;
	}
	mnl_attr_nest_end(m->nlh, nest);
	return true;
}

/* Writes as many of the peer's remaining allowed IPs as fit; how many. */
static size_t put_allowedips(struct message *m, const struct ztnet_peer *peer,
			     size_t from)
{
	struct nlattr *nest;
	size_t i = from;

	nest = mnl_attr_nest_start_check(m->nlh, m->size, ZTPEER_A_ALLOWEDIPS);
	if (!nest)
		return 0;
	while (i < peer->allowedips_len && put_allowedip(m, &peer->allowedips[i]))
		i++;
	if (i == from)
		mnl_attr_nest_cancel(m->nlh, nest);
	else
		mnl_attr_nest_end(m->nlh, nest);
	return i - from;
}

/*
 * Writes the next chunk of the cursor's peer.  A chunk that would hold
 * neither the whole peer nor at least one of its allowed IPs is left for
 * the next message, so that every chunk makes progress.
 */
static enum chunk put_peer(struct message *m, const struct ztnet_peer *peer,
			   struct ztnet_set_cursor *cur)
{
	struct nlattr *nest = mnl_attr_nest_start_check(m->nlh, m->size, 0);
	size_t left = peer->allowedips_len - cur->allowedip, written;

	if (!nest)
		return CHUNK_NONE;
	if (!put_peer_head(m, peer, cur->allowedip == 0))
		goto cancel;
	written = left ? put_allowedips(m, peer, cur->allowedip) : 0;
	if (left && !written)
		goto cancel;
	mnl_attr_nest_end(m->nlh, nest);
	m->has_content = true;
	cur->allowedip += written;
	return written == left ? CHUNK_WHOLE : CHUNK_PARTIAL;
cancel:
	mnl_attr_nest_cancel(m->nlh, nest);
	return CHUNK_NONE;
}

static void put_peers(struct message *m, const struct ztnet_device *dev,
		      struct ztnet_set_cursor *cur)
{
	struct nlattr *nest;
	enum chunk chunk = CHUNK_WHOLE;

	nest = mnl_attr_nest_start_check(m->nlh, m->size, ZTDEVICE_A_PEERS);
	if (!nest)
		return;
	while (cur->peer < dev->peers_len && chunk == CHUNK_WHOLE) {
		chunk = put_peer(m, &dev->peers[cur->peer], cur);
		if (chunk == CHUNK_WHOLE) {
			cur->peer++;
			cur->allowedip = 0;
		}
	}
	/* The nest's length is only set by mnl_attr_nest_end. */
	if ((char *)mnl_nlmsg_get_payload_tail(m->nlh) ==
	    (char *)nest + MNL_ATTR_HDRLEN)
		mnl_attr_nest_cancel(m->nlh, nest);
	else
		mnl_attr_nest_end(m->nlh, nest);
}

/*
 * The flags go last, once it is known whether more messages follow; the
 * last message says how many it commits, so that the kernel applies
 * nothing if it lost any.  Room for them was kept: this cannot fail.
 */
static bool put_flags(struct message *m, const struct ztnet_device *dev,
		      struct ztnet_set_cursor *cur, bool first)
{
	uint32_t flags = 0;

	if (first && dev->replace_peers)
		flags |= ZTDEVICE_F_REPLACE_PEERS;
	if (!cur->done)
		flags |= ZTDEVICE_F_STAGE;
	if (flags && !put_u32(m, ZTDEVICE_A_FLAGS, flags))
		return false;
	if (!cur->done) {
		cur->staged++;
		return true;
	}
	return put_u32(m, ZTDEVICE_A_STAGED, cur->staged);
}

bool ztnet_set_encode(const struct ztnet_device *dev,
		      struct ztnet_set_cursor *cur, struct nlmsghdr *nlh,
		      size_t size)
{
	struct message m = { .nlh = nlh, .size = size - FLAGS_ROOM };
	bool first = !cur->started;

	if (cur->done || size < FLAGS_ROOM ||
	    !mnl_attr_put_strz_check(nlh, m.size, ZTDEVICE_A_IFNAME, dev->ifname))
		return false;
	if (first) {
		if (!put_device_settings(&m, dev))
			return false;
		cur->started = true;
		m.has_content = true;
	}
	if (cur->peer < dev->peers_len)
		put_peers(&m, dev, cur);
	cur->done = cur->peer == dev->peers_len;
	m.size = size;
	return m.has_content && put_flags(&m, dev, cur, first);
}
