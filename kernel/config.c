// SPDX-License-Identifier: GPL-2.0
/*
 * SET_DEVICE: applying requests that validate.c has checked whole.  A
 * request, with the requests it commits if the socket staged any (txn.c),
 * is one change, made all or nothing: plan.c first reserves all it needs
 * and may fail having changed nothing; what is here then applies it, and
 * cannot fail.
 */

#include <crypto/algapi.h>
#include <crypto/curve25519.h>

#include "config.h"
#include "device.h"
#include "peer.h"
#include "plan.h"
#include "polconf.h"
#include "nlpolicy.h"
#include "send.h"
#include "socket.h"
#include "txn.h"
#include "validate.h"

static void ztnet_clear_identity(struct ztnet_identity *id)
{
	memzero_explicit(id->private_key, sizeof(id->private_key));
	memzero_explicit(id->public_key, sizeof(id->public_key));
	id->has_identity = false;
}

static void ztnet_store_identity(struct ztnet_identity *id, const u8 *private_key)
{
	lockdep_assert_held_write(&id->lock);
	ztnet_clear_identity(id);
	if (memchr_inv(private_key, 0, ZTNET_KEY_LEN)) {
		memcpy(id->private_key, private_key, ZTNET_KEY_LEN);
		curve25519_clamp_secret(id->private_key);
		id->has_identity = curve25519_generate_public(id->public_key,
							      id->private_key);
		if (!id->has_identity)
			ztnet_clear_identity(id);
	}
}

/*
 * What a peer had with the old key is no use with the new one: its
 * sessions send no more, and its handshake starts over at once, not
 * after the rate limit of one made with a key that is gone.
 */
static void ztnet_peer_new_identity(struct ztnet_peer *peer)
{
	ztnet_noise_precompute_static_static(peer);
	ztnet_noise_handshake_clear(&peer->handshake);
	atomic64_set(&peer->last_sent_handshake, 0);
	ztnet_keypairs_expire_current(&peer->keypairs);
}

/* Whether @private_key, once clamped, is the key the device has. */
static bool ztnet_same_private_key(const struct ztnet_identity *id,
				   const u8 *private_key)
{
	u8 clamped[ZTNET_KEY_LEN];
	bool same;

	memcpy(clamped, private_key, ZTNET_KEY_LEN);
	curve25519_clamp_secret(clamped);
	same = id->has_identity &&
	       !crypto_memneq(clamped, id->private_key, ZTNET_KEY_LEN);
	memzero_explicit(clamped, sizeof(clamped));
	return same;
}

/*
 * A new key changes every peer's static-static DH and the key that mac1
 * is checked with.  Handshakes read the key under the identity lock, and
 * it is held until all that derives from the key is done, so a handshake
 * sees the old key and all it gave, or the new and all it gives.  A peer
 * with our own public key would be ourselves: it goes.
 */
static void ztnet_set_identity(struct ztnet_plan *plan, const u8 *private_key)
{
	struct ztnet_device *zt = plan->zt;
	struct ztnet_identity *id = &zt->identity;
	struct ztnet_peer *peer;

	if (ztnet_same_private_key(id, private_key))
		return;
	down_write(&id->lock);
	ztnet_store_identity(id, private_key);
	ztnet_cookie_checker_precompute_device_keys(&zt->cookie_checker);
	list_for_each_entry(peer, &zt->peer_list, peer_list)
		ztnet_peer_new_identity(peer);
	up_write(&id->lock);
	if (!id->has_identity)
		return;
	peer = ztnet_peer_index_lookup(&zt->peer_index, id->public_key);
	if (peer) {
		ztnet_peer_kill(peer, &plan->dead_peers);
		ztnet_peer_put(peer);
	}
}

/*
 * A device that runs has the sockets the plan opened; one that does not
 * only remembers the port for when it comes up.
 */
static void ztnet_set_listen_port(struct ztnet_plan *plan)
{
	struct ztnet_device *zt = plan->zt;

	if (!plan->has_port)
		return;
	if (plan->sockets.sk4)
		ztnet_socket_publish(zt, &plan->sockets);
	zt->listen_port = netif_running(zt->dev) ? zt->incoming_port : plan->port;
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

/*
 * One allowed IP, validated: added, or removed if it is the peer's.  The
 * plan reserved the nodes, so no insert fails for memory, and a removal
 * allocates nothing.
 */
static int ztnet_apply_allowedip(struct ztnet_device *zt,
				 struct ztnet_peer *peer, struct nlattr **tb)
{
	u32 flags = ztnet_allowedip_flags(tb);
	u16 family = nla_get_u16(tb[ZTALLOWEDIP_A_FAMILY]);
	void *addr = nla_data(tb[ZTALLOWEDIP_A_IPADDR]);
	u8 cidr = nla_get_u8(tb[ZTALLOWEDIP_A_CIDR_MASK]);

	if (flags & ZTALLOWEDIP_F_REMOVE_ME)
		return ztnet_allowedips_remove(&zt->allowedips, family, addr,
					       cidr, peer);
	return ztnet_allowedips_insert(&zt->allowedips, family, addr, cidr,
				       peer, &peer->allowedips_list);
}

/* In order: a prefix added and removed again in one list is not kept. */
static void ztnet_apply_allowedips(struct ztnet_device *zt,
				   struct ztnet_peer *peer,
				   const struct nlattr *list)
{
	struct nlattr *tb[ZTALLOWEDIP_A_MAX + 1], *ip;
	int err, rem;

	nla_for_each_nested(ip, list, rem) {
		err = nla_parse_nested(tb, ZTALLOWEDIP_A_MAX, ip,
				       ztnet_allowedip_policy, NULL);
		if (!err)
			err = ztnet_apply_allowedip(zt, peer, tb);
		WARN_ON_ONCE(err);
	}
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
static struct ztnet_peer *ztnet_peer_for_request(struct ztnet_plan *plan,
						 const u8 *public_key, u32 flags)
{
	struct ztnet_device *zt = plan->zt;
	struct ztnet_peer *peer;

	peer = ztnet_peer_index_lookup(&zt->peer_index, public_key);
	if (peer || (flags & (ZTPEER_F_REMOVE_ME | ZTPEER_F_UPDATE_ONLY)))
		return peer;
	/* As in WireGuard, our own key as a peer is quietly ignored. */
	if (zt->identity.has_identity &&
	    !memcmp(public_key, zt->identity.public_key, ZTNET_KEY_LEN))
		return NULL;
	peer = ztnet_plan_take_peer(plan);
	if (!peer)
		return NULL;
	return ztnet_peer_get(ztnet_peer_create(zt, peer, public_key));
}

static int ztnet_apply_peer(struct nlattr **tb, void *arg)
{
	struct ztnet_plan *plan = arg;
	struct ztnet_device *zt = plan->zt;
	struct ztnet_peer *peer;

	peer = ztnet_peer_for_request(plan, nla_data(tb[ZTPEER_A_PUBLIC_KEY]),
				      ztnet_peer_flags(tb));
	if (!peer)
		return 0;
	if (ztnet_peer_flags(tb) & ZTPEER_F_REMOVE_ME) {
		ztnet_peer_kill(peer, &plan->dead_peers);
		goto out;
	}
	ztnet_apply_peer_fields(peer, tb);
	if (tb[ZTPEER_A_ALLOWEDIPS])
		ztnet_apply_allowedips(zt, peer, tb[ZTPEER_A_ALLOWEDIPS]);
	/* Packets staged for want of an endpoint may go now. */
	if (netif_running(zt->dev))
		ztnet_packet_send_staged(peer);
out:
	ztnet_peer_put(peer);
	return 0;
}

/*
 * One request of the change, in the documented order: fwmark, REPLACE_PEERS,
 * private key, peers.  The listen port went first, for the whole change.
 */
static int ztnet_apply_request(struct nlattr **attrs, void *arg)
{
	u32 flags = attrs[ZTDEVICE_A_FLAGS] ? nla_get_u32(attrs[ZTDEVICE_A_FLAGS]) : 0;
	struct ztnet_plan *plan = arg;
	struct ztnet_device *zt = plan->zt;
	struct nlattr *peer;
	struct nlattr *tb[ZTPEER_A_MAX + 1];
	int rem;

	if (attrs[ZTDEVICE_A_FWMARK])
		ztnet_set_fwmark(zt, nla_get_u32(attrs[ZTDEVICE_A_FWMARK]));
	if (flags & ZTDEVICE_F_REPLACE_PEERS)
		ztnet_peer_kill_all(zt, &plan->dead_peers);
	if (attrs[ZTDEVICE_A_PRIVATE_KEY])
		ztnet_set_identity(plan, nla_data(attrs[ZTDEVICE_A_PRIVATE_KEY]));
	if (!attrs[ZTDEVICE_A_PEERS])
		return 0;
	nla_for_each_nested(peer, attrs[ZTDEVICE_A_PEERS], rem) {
		if (!WARN_ON_ONCE(nla_parse_nested(tb, ZTPEER_A_MAX, peer,
						   ztnet_peer_policy, NULL)))
			ztnet_apply_peer(tb, plan);
	}
	return 0;
}

static void ztnet_plan_error(int err, struct netlink_ext_ack *extack)
{
	if (err == -EINTR)
		NL_SET_ERR_MSG(extack, "ztnet: killed while waiting; nothing was changed");
	else if (err == -ENOSPC)
		NL_SET_ERR_MSG(extack, "ztnet: too many peers; nothing was changed");
	else if (err == -E2BIG)
		NL_SET_ERR_MSG(extack, "ztnet: too many private keys in one change");
	else if (err == -EADDRINUSE || err == -EACCES || err == -ENONET)
		NL_SET_ERR_MSG(extack, "ztnet: cannot bind the listen port; nothing was changed");
	else if (err)
		NL_SET_ERR_MSG(extack, "ztnet: out of memory; nothing was changed");
}

/*
 * Whether the change may still be made: the device is not being deleted,
 * and is where the caller's privilege was checked.  Final under RTNL;
 * before, an early answer that saves a build a deletion would waste.
 */
static bool ztnet_config_live(struct ztnet_device *zt, struct net *net,
			      struct netlink_ext_ack *extack)
{
	if (zt->dev->reg_state != NETREG_REGISTERED) {
		NL_SET_ERR_MSG(extack, "ztnet: no such device: it is being deleted");
		return false;
	}
	if (!net_eq(dev_net(zt->dev), net)) {
		NL_SET_ERR_MSG(extack, "ztnet: no such device: it moved to another namespace");
		return false;
	}
	return true;
}

/*
 * The policy first, under the device's policy lock alone: with many rules
 * its build takes seconds, and RTNL, which every network change on the
 * host waits for, is no lock to hold meanwhile.  The lock keeps the
 * configuration it was built from in force until it is applied, so two
 * commits to one device wait for each other.  Then RTNL, as for any
 * change to a device (sockets and NAPI need it), and the device's mutex:
 * a device deleted while the request waited takes no change.
 */
static int ztnet_config_commit(struct ztnet_device *zt, struct net *net,
			       struct ztnet_txn *txn, struct nlattr **attrs,
			       struct netlink_ext_ack *extack)
{
	struct ztnet_plan plan;
	int err;

	ztnet_plan_init(&plan, zt, txn, attrs);
	/* Killable: the deletion of the device waits for our reference. */
	err = mutex_lock_killable(&zt->policy_lock);
	if (err)
		goto out_release;
	err = -ENODEV;
	if (!ztnet_config_live(zt, net, extack))
		goto out_policy;
	err = ztnet_polconf_plan(&plan, &plan.policy, extack);
	if (err)
		goto out_policy;
	err = -ENODEV;
	rtnl_lock();
	if (!ztnet_config_live(zt, net, extack))
		goto out_rtnl;
	mutex_lock(&zt->update_lock);
	err = ztnet_plan_prepare(&plan, extack);
	if (err)
		goto out;
	ztnet_set_listen_port(&plan);
	/*
	 * The policy, whole, before the peers: a peer the change adds is
	 * judged from its first packet with the groups the change gives it.
	 */
	ztnet_polconf_apply(zt, &plan.policy);
	ztnet_plan_for_each(&plan, ztnet_apply_request, &plan);
	ztnet_plan_release(&plan);
	/* Every peer the change removed, in one grace period. */
	ztnet_peer_bury(zt, &plan.dead_peers);
	zt->config_seq++;
out:
	mutex_unlock(&zt->update_lock);
out_rtnl:
	rtnl_unlock();
out_policy:
	mutex_unlock(&zt->policy_lock);
out_release:
	if (err && (!extack || !extack->_msg))
		ztnet_plan_error(err, extack);
	/* What the change replaced or did not use, once nobody reads it. */
	ztnet_polconf_release(&plan.policy);
	return err;
}

static int ztnet_config_stage(struct ztnet_device *zt, const struct sock *sk,
			      struct genl_info *info)
{
	int err = ztnet_txn_stage(zt, sk, info);

	if (err == -E2BIG)
		NL_SET_ERR_MSG(info->extack, "ztnet: too much staged; nothing was changed");
	else if (err)
		NL_SET_ERR_MSG(info->extack, "ztnet: out of memory; nothing was changed");
	return err;
}

/*
 * A request that says how many it commits must find exactly those: if some
 * were dropped meanwhile (the socket's port id was taken over as it
 * closed), applying the rest would make half a change.
 */
static bool ztnet_staged_as_said(const struct ztnet_txn *txn,
				 struct genl_info *info)
{
	struct nlattr *said = info->attrs[ZTDEVICE_A_STAGED];

	if (!said || nla_get_u32(said) == ztnet_txn_count(txn))
		return true;
	NL_SET_ERR_MSG(info->extack, "ztnet: staged requests were lost; nothing was changed");
	return false;
}

int ztnet_config_set(struct ztnet_device *zt, const struct sock *sk,
		     struct genl_info *info)
{
	struct nlattr *flags = info->attrs[ZTDEVICE_A_FLAGS];
	struct ztnet_txn *txn;
	int err = -ESTALE;

	if (flags && (nla_get_u32(flags) & ZTDEVICE_F_ABORT)) {
		ztnet_txn_abort(zt, sk, info);
		return 0;
	}
	if (flags && (nla_get_u32(flags) & ZTDEVICE_F_STAGE))
		return ztnet_config_stage(zt, sk, info);
	txn = ztnet_txn_take(zt, sk, info);
	if (ztnet_staged_as_said(txn, info))
		err = ztnet_config_commit(zt, genl_info_net(info), txn,
					  info->attrs, info->extack);
	ztnet_txn_free(txn);
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
	ztnet_polconf_clear(zt);
}
