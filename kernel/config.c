// SPDX-License-Identifier: GPL-2.0
/*
 * SET_DEVICE: applying a request that validate.c has checked whole, so
 * that a malformed one changes nothing.  Once it is applied, only running
 * out of memory can stop it part way.
 */

#include <crypto/curve25519.h>

#include "config.h"
#include "device.h"
#include "peer.h"
#include "policy.h"
#include "validate.h"

static void ztnet_clear_identity(struct ztnet_identity *id)
{
	memzero_explicit(id, sizeof(*id));
}

/* A peer with our own public key would be ourselves: it goes. */
static void ztnet_set_identity(struct ztnet_device *zt, const u8 *private_key)
{
	struct ztnet_identity *id = &zt->identity;
	struct ztnet_peer *self;

	if (!memchr_inv(private_key, 0, ZTNET_KEY_LEN)) {
		ztnet_clear_identity(id);
		return;
	}
	memcpy(id->private_key, private_key, ZTNET_KEY_LEN);
	curve25519_clamp_secret(id->private_key);
	id->has_identity = curve25519_generate_public(id->public_key,
						      id->private_key);
	if (!id->has_identity) {
		ztnet_clear_identity(id);
		return;
	}
	self = ztnet_peer_index_lookup(&zt->peer_index, id->public_key);
	if (self) {
		ztnet_peer_remove(self);
		ztnet_peer_put(self);
	}
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

static void ztnet_apply_peer_fields(struct ztnet_peer *peer, struct nlattr **tb)
{
	if (tb[ZTPEER_A_PRESHARED_KEY])
		memcpy(peer->preshared_key, nla_data(tb[ZTPEER_A_PRESHARED_KEY]),
		       ZTNET_KEY_LEN);
	if (tb[ZTPEER_A_ENDPOINT])
		memcpy(&peer->endpoint, nla_data(tb[ZTPEER_A_ENDPOINT]),
		       nla_len(tb[ZTPEER_A_ENDPOINT]));
	if (tb[ZTPEER_A_PERSISTENT_KEEPALIVE_INTERVAL])
		peer->persistent_keepalive_interval =
			nla_get_u16(tb[ZTPEER_A_PERSISTENT_KEEPALIVE_INTERVAL]);
	if (ztnet_peer_flags(tb) & ZTPEER_F_REPLACE_ALLOWEDIPS)
		ztnet_allowedips_remove_by_peer(&peer->device->allowedips,
						&peer->allowedips_list);
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

int ztnet_config_apply(struct ztnet_device *zt, struct nlattr **attrs,
		       struct netlink_ext_ack *extack)
{
	u32 flags = attrs[ZTDEVICE_A_FLAGS] ? nla_get_u32(attrs[ZTDEVICE_A_FLAGS]) : 0;
	int err = 0;

	mutex_lock(&zt->update_lock);
	if (attrs[ZTDEVICE_A_FWMARK])
		zt->fwmark = nla_get_u32(attrs[ZTDEVICE_A_FWMARK]);
	if (attrs[ZTDEVICE_A_LISTEN_PORT])
		zt->listen_port = nla_get_u16(attrs[ZTDEVICE_A_LISTEN_PORT]);
	if (flags & ZTDEVICE_F_REPLACE_PEERS)
		ztnet_peer_remove_all(zt);
	if (attrs[ZTDEVICE_A_PRIVATE_KEY])
		ztnet_set_identity(zt, nla_data(attrs[ZTDEVICE_A_PRIVATE_KEY]));
	if (attrs[ZTDEVICE_A_PEERS])
		err = ztnet_apply_peers(zt, attrs[ZTDEVICE_A_PEERS]);
	zt->config_seq++;
	mutex_unlock(&zt->update_lock);
	/* Validation has run: only a lack of memory or of room is left. */
	if (err == -ENOSPC)
		NL_SET_ERR_MSG(extack, "ztnet: too many peers; earlier peers were applied");
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
	ztnet_clear_identity(&zt->identity);
	mutex_unlock(&zt->update_lock);
}
