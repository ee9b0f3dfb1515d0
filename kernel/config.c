// SPDX-License-Identifier: GPL-2.0
/*
 * SET_DEVICE: applying a request that validate.c has checked whole, so
 * that a malformed one changes nothing.  Once it is applied, only running
 * out of memory can stop it part way.
 */

#include <crypto/algapi.h>
#include <crypto/curve25519.h>

#include "config.h"
#include "device.h"
#include "peer.h"
#include "policy.h"
#include "send.h"
#include "socket.h"
#include "validate.h"

static void ztnet_clear_identity(struct ztnet_identity *id)
{
	memzero_explicit(id->private_key, sizeof(id->private_key));
	memzero_explicit(id->public_key, sizeof(id->public_key));
	id->has_identity = false;
}

static void ztnet_store_identity(struct ztnet_identity *id, const u8 *private_key)
{
	down_write(&id->lock);
	ztnet_clear_identity(id);
	if (memchr_inv(private_key, 0, ZTNET_KEY_LEN)) {
		memcpy(id->private_key, private_key, ZTNET_KEY_LEN);
		curve25519_clamp_secret(id->private_key);
		id->has_identity = curve25519_generate_public(id->public_key,
							      id->private_key);
		if (!id->has_identity)
			ztnet_clear_identity(id);
	}
	up_write(&id->lock);
}

/*
 * A new key changes every peer's static-static DH and the key that mac1
 * is checked with; sessions made with the old key send no more.  A peer
 * with our own public key would be ourselves: it goes.
 */
static void ztnet_set_identity(struct ztnet_device *zt, const u8 *private_key)
{
	struct ztnet_identity *id = &zt->identity;
	struct ztnet_peer *peer;

	if (id->has_identity &&
	    !crypto_memneq(private_key, id->private_key, ZTNET_KEY_LEN))
		return;
	ztnet_store_identity(id, private_key);
	if (id->has_identity) {
		peer = ztnet_peer_index_lookup(&zt->peer_index, id->public_key);
		if (peer) {
			ztnet_peer_remove(peer);
			ztnet_peer_put(peer);
		}
	}
	ztnet_cookie_checker_precompute_device_keys(&zt->cookie_checker);
	list_for_each_entry(peer, &zt->peer_list, peer_list) {
		ztnet_noise_precompute_static_static(peer);
		ztnet_keypairs_expire_current(&peer->keypairs);
	}
}

/* Binds first, so that a port in use changes nothing at all. */
static int ztnet_set_listen_port(struct ztnet_device *zt, u16 port)
{
	int err;

	if (!netif_running(zt->dev)) {
		zt->listen_port = port;
		return 0;
	}
	if (port && port == zt->incoming_port)
		return 0;
	err = ztnet_socket_init(zt, port);
	if (!err)
		zt->listen_port = zt->incoming_port;
	return err;
}

/* Routes cached for the old mark may not be the ones the new one picks. */
static void ztnet_set_fwmark(struct ztnet_device *zt, u32 fwmark)
{
	struct ztnet_peer *peer;

	if (fwmark == zt->fwmark)
		return;
	zt->fwmark = fwmark;
	list_for_each_entry(peer, &zt->peer_list, peer_list)
		ztnet_socket_clear_peer_endpoint_src(peer);
}

static int ztnet_apply_allowedips(struct ztnet_device *zt,
				  struct ztnet_peer *peer,
				  const struct nlattr *list)
{
	struct nlattr *tb[ZTALLOWEDIP_A_MAX + 1], *ip;
	int err, rem;

	nla_for_each_nested(ip, list, rem) {
		err = nla_parse_nested(tb, ZTALLOWEDIP_A_MAX, ip,
				       ztnet_allowedip_policy, NULL);
		if (!err)
			err = ztnet_allowedips_insert(&zt->allowedips,
						      nla_get_u16(tb[ZTALLOWEDIP_A_FAMILY]),
						      nla_data(tb[ZTALLOWEDIP_A_IPADDR]),
						      nla_get_u8(tb[ZTALLOWEDIP_A_CIDR_MASK]),
						      peer, &peer->allowedips_list);
		if (err)
			return err;
	}
	return 0;
}

static void ztnet_apply_endpoint(struct ztnet_peer *peer,
				 const struct nlattr *attr)
{
	struct ztnet_endpoint endpoint;

	/* Validated as a sockaddr_in or sockaddr_in6: it fits the union. */
	memset(&endpoint, 0, sizeof(endpoint));
	memcpy(&endpoint, nla_data(attr),
	       min_t(size_t, nla_len(attr), sizeof(endpoint.addr6)));
	ztnet_socket_set_peer_endpoint(peer, &endpoint);
}

static void ztnet_apply_peer_fields(struct ztnet_peer *peer, struct nlattr **tb)
{
	struct nlattr *keepalive = tb[ZTPEER_A_PERSISTENT_KEEPALIVE_INTERVAL];
	u16 old_interval = peer->persistent_keepalive_interval;

	if (tb[ZTPEER_A_PRESHARED_KEY])
		ztnet_noise_set_preshared_key(&peer->handshake,
					      nla_data(tb[ZTPEER_A_PRESHARED_KEY]));
	if (tb[ZTPEER_A_ENDPOINT])
		ztnet_apply_endpoint(peer, tb[ZTPEER_A_ENDPOINT]);
	if (keepalive)
		WRITE_ONCE(peer->persistent_keepalive_interval,
			   nla_get_u16(keepalive));
	if (ztnet_peer_flags(tb) & ZTPEER_F_REPLACE_ALLOWEDIPS)
		ztnet_allowedips_remove_by_peer(&peer->device->allowedips,
						&peer->allowedips_list);
	/* A NAT mapping must open now, not after the first interval. */
	if (netif_running(peer->device->dev) && !old_interval &&
	    peer->persistent_keepalive_interval)
		ztnet_packet_send_keepalive(peer);
}

/* Finds the peer a request names, creating it if the request allows. */
static struct ztnet_peer *ztnet_peer_for_request(struct ztnet_device *zt,
						 const u8 *public_key, u32 flags)
{
	struct ztnet_peer *peer;

	peer = ztnet_peer_index_lookup(&zt->peer_index, public_key);
	if (peer || (flags & (ZTPEER_F_REMOVE_ME | ZTPEER_F_UPDATE_ONLY)))
		return peer;
	/* As in WireGuard, our own key as a peer is quietly ignored. */
	if (zt->identity.has_identity &&
	    !memcmp(public_key, zt->identity.public_key, ZTNET_KEY_LEN))
		return NULL;
	peer = ztnet_peer_create(zt, public_key);
	return IS_ERR(peer) ? peer : ztnet_peer_get_maybe_zero(peer);
}

static int ztnet_apply_peer(struct ztnet_device *zt, const struct nlattr *attr)
{
	struct nlattr *tb[ZTPEER_A_MAX + 1];
	struct ztnet_peer *peer;
	int err;

	err = nla_parse_nested(tb, ZTPEER_A_MAX, attr, ztnet_peer_policy, NULL);
	if (err)
		return err;
	peer = ztnet_peer_for_request(zt, nla_data(tb[ZTPEER_A_PUBLIC_KEY]),
				      ztnet_peer_flags(tb));
	if (IS_ERR_OR_NULL(peer))
		return PTR_ERR_OR_ZERO(peer);

	if (ztnet_peer_flags(tb) & ZTPEER_F_REMOVE_ME) {
		ztnet_peer_remove(peer);
		goto out;
	}
	ztnet_apply_peer_fields(peer, tb);
	if (tb[ZTPEER_A_ALLOWEDIPS])
		err = ztnet_apply_allowedips(zt, peer, tb[ZTPEER_A_ALLOWEDIPS]);
	/* Packets staged for want of an endpoint may go now. */
	if (netif_running(zt->dev))
		ztnet_packet_send_staged(peer);
out:
	ztnet_peer_put(peer);
	return err;
}

static int ztnet_apply_peers(struct ztnet_device *zt, const struct nlattr *list)
{
	struct nlattr *peer;
	int err, rem;

	nla_for_each_nested(peer, list, rem) {
		err = ztnet_apply_peer(zt, peer);
		if (err)
			return err;
	}
	return 0;
}

static int ztnet_apply_device(struct ztnet_device *zt, struct nlattr **attrs)
{
	u32 flags = attrs[ZTDEVICE_A_FLAGS] ? nla_get_u32(attrs[ZTDEVICE_A_FLAGS]) : 0;
	int err;

	if (attrs[ZTDEVICE_A_LISTEN_PORT]) {
		err = ztnet_set_listen_port(zt, nla_get_u16(attrs[ZTDEVICE_A_LISTEN_PORT]));
		if (err)
			return err;
	}
	if (attrs[ZTDEVICE_A_FWMARK])
		ztnet_set_fwmark(zt, nla_get_u32(attrs[ZTDEVICE_A_FWMARK]));
	if (flags & ZTDEVICE_F_REPLACE_PEERS)
		ztnet_peer_remove_all(zt);
	if (attrs[ZTDEVICE_A_PRIVATE_KEY])
		ztnet_set_identity(zt, nla_data(attrs[ZTDEVICE_A_PRIVATE_KEY]));
	if (attrs[ZTDEVICE_A_PEERS])
		return ztnet_apply_peers(zt, attrs[ZTDEVICE_A_PEERS]);
	return 0;
}

/* RTNL first, as for any change to a device: sockets and NAPI need it. */
int ztnet_config_apply(struct ztnet_device *zt, struct nlattr **attrs,
		       struct netlink_ext_ack *extack)
{
	int err;

	rtnl_lock();
	mutex_lock(&zt->update_lock);
	err = ztnet_apply_device(zt, attrs);
	zt->config_seq++;
	mutex_unlock(&zt->update_lock);
	rtnl_unlock();
	/* Validation has run: only the port, memory or room can be short. */
	if (err == -ENOSPC)
		NL_SET_ERR_MSG(extack, "ztnet: too many peers; earlier peers were applied");
	else if (err == -EADDRINUSE || err == -EACCES || err == -ENONET)
		NL_SET_ERR_MSG(extack, "ztnet: cannot bind the listen port; nothing was changed");
	else if (err)
		NL_SET_ERR_MSG(extack, "ztnet: out of memory; earlier peers were applied");
	return err;
}

/* Called as the device goes: nothing of it may outlive it. */
void ztnet_config_clear(struct ztnet_device *zt)
{
	mutex_lock(&zt->update_lock);
	ztnet_peer_remove_all(zt);
	ztnet_allowedips_free_all(&zt->allowedips);
	down_write(&zt->identity.lock);
	ztnet_clear_identity(&zt->identity);
	up_write(&zt->identity.lock);
	mutex_unlock(&zt->update_lock);
}
