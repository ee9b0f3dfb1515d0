// SPDX-License-Identifier: GPL-2.0
/*
 * The ztnet network device: a layer 3 point-to-point interface created with
 * "ip link add NAME type ztnet".  It has no link-layer header and no ARP,
 * and it needs no qdisc: packets wait on their peer, not on the device.
 */

#include <linux/if_arp.h>
#include <linux/inetdevice.h>
#include <net/addrconf.h>
#include <net/netns/generic.h>

#include "compat.h"
#include "config.h"
#include "device.h"
#include "event.h"
#include "firewall.h"
#include "peer.h"
#include "queueing.h"
#include "ratelimiter.h"
#include "receive.h"
#include "send.h"
#include "socket.h"
#include "timers.h"
#include "txn.h"

/*
 * The default leaves room for the outer headers of the tunnel inside a 1500
 * byte path: 1500 - 40 (IPv6) - 8 (UDP) - 32 (data message overhead).
 */
#define ZTNET_DEFAULT_MTU 1420
#define ZTNET_MIN_MTU 68
#define ZTNET_MAX_MTU (ETH_MAX_MTU - 80)

#define ZTNET_FEATURES (NETIF_F_HW_CSUM | NETIF_F_RXCSUM | NETIF_F_SG | \
			NETIF_F_GSO | NETIF_F_GSO_SOFTWARE | NETIF_F_HIGHDMA)

static struct rtnl_link_ops ztnet_link_ops;

/* Every device, for the namespace teardown to find; under RTNL. */
static LIST_HEAD(ztnet_devices);

bool ztnet_device_is_ours(const struct net_device *dev)
{
	return dev->rtnl_link_ops == &ztnet_link_ops;
}

static netdev_tx_t ztnet_xmit(struct sk_buff *skb, struct net_device *dev)
{
	return ztnet_packet_xmit(netdev_priv(dev), skb);
}

/*
 * Nothing on a ztnet link answers router solicitations or needs a link
 * local address, and a redirect could only point back into the tunnel.
 */
static void ztnet_quiet_link(struct net_device *dev)
{
	struct in_device *in4 = __in_dev_get_rtnl(dev);
	struct inet6_dev *in6 = __in6_dev_get(dev);

	if (in4)
		IN_DEV_CONF_SET(in4, SEND_REDIRECTS, false);
	if (in6)
		WRITE_ONCE(in6->cnf.addr_gen_mode, IN6_ADDR_GEN_MODE_NONE);
}

static int ztnet_open(struct net_device *dev)
{
	struct ztnet_device *zt = netdev_priv(dev);
	struct ztnet_peer *peer;
	int err;

	/* Never up, so never carrying traffic, without its lockdown. */
	err = ztnet_lockdown_restore(zt);
	if (err)
		return err;
	ztnet_quiet_link(dev);
	mutex_lock(&zt->update_lock);
	err = ztnet_socket_init(zt, zt->listen_port);
	if (err)
		goto out;
	zt->listen_port = zt->incoming_port;
	/* A NAT mapping must open now, and packets staged may go. */
	list_for_each_entry(peer, &zt->peer_list, peer_list) {
		ztnet_packet_send_staged(peer);
		if (peer->persistent_keepalive_interval)
			ztnet_packet_send_keepalive(peer);
	}
out:
	mutex_unlock(&zt->update_lock);
	return err;
}

/* A device that goes down forgets its sessions, as if rebooted. */
static void ztnet_peer_go_down(struct ztnet_peer *peer)
{
	ztnet_packet_purge_staged(peer);
	ztnet_timers_stop(peer);
	ztnet_noise_handshake_clear(&peer->handshake);
	ztnet_keypairs_clear(&peer->keypairs);
	atomic64_set(&peer->last_sent_handshake, 0);
}

static int ztnet_stop(struct net_device *dev)
{
	struct ztnet_device *zt = netdev_priv(dev);
	struct ztnet_peer *peer;

	mutex_lock(&zt->update_lock);
	list_for_each_entry(peer, &zt->peer_list, peer_list)
		ztnet_peer_go_down(peer);
	mutex_unlock(&zt->update_lock);
	ztnet_socket_uninit(zt);
	return 0;
}

/*
 * Destroying a workqueue runs what is still queued on it, and those
 * workers take packets from the rings: the rings go after the workers.
 */
static void ztnet_destroy_queues(struct ztnet_device *zt)
{
	if (zt->handshake_send_wq)
		destroy_workqueue(zt->handshake_send_wq);
	if (zt->handshake_wq)
		destroy_workqueue(zt->handshake_wq);
	if (zt->crypt_wq)
		destroy_workqueue(zt->crypt_wq);
	ztnet_crypt_queue_free(&zt->handshake_queue);
	ztnet_crypt_queue_free(&zt->decrypt_queue);
	ztnet_crypt_queue_free(&zt->encrypt_queue);
}

/*
 * Crypto gets CPU-intensive workers of its own, so that a handshake flood
 * cannot starve established traffic; handshakes we send are queued apart
 * from those we answer for the same reason.
 */
static int ztnet_create_queues(struct ztnet_device *zt, const char *name)
{
	zt->crypt_wq = alloc_workqueue("ztnet-crypt-%s",
				       WQ_CPU_INTENSIVE | WQ_MEM_RECLAIM, 0, name);
	zt->handshake_wq = alloc_workqueue("ztnet-hs-rx-%s",
					   WQ_CPU_INTENSIVE | WQ_FREEZABLE, 0, name);
	zt->handshake_send_wq = alloc_workqueue("ztnet-hs-tx-%s",
						WQ_UNBOUND | WQ_FREEZABLE, 0, name);
	if (!zt->crypt_wq || !zt->handshake_wq || !zt->handshake_send_wq ||
	    ztnet_crypt_queue_init(&zt->encrypt_queue, zt,
				   ztnet_packet_encrypt_worker,
				   ZTNET_MAX_QUEUED_PACKETS) ||
	    ztnet_crypt_queue_init(&zt->decrypt_queue, zt,
				   ztnet_packet_decrypt_worker,
				   ZTNET_MAX_QUEUED_PACKETS) ||
	    ztnet_crypt_queue_init(&zt->handshake_queue, zt,
				   ztnet_packet_handshake_receive_worker,
				   ZTNET_MAX_QUEUED_HANDSHAKES)) {
		ztnet_destroy_queues(zt);
		return -ENOMEM;
	}
	return 0;
}

/* What a device needs before it is registered, or nothing. */
static int ztnet_alloc_state(struct ztnet_device *zt)
{
	struct net_device *dev = zt->dev;
	int err;

	dev->tstats = netdev_alloc_pcpu_stats(struct pcpu_sw_netstats);
	if (!dev->tstats)
		return -ENOMEM;
	err = ztnet_create_queues(zt, dev->name);
	if (err)
		goto err_stats;
	err = ztnet_ratelimiter_init();
	if (err)
		goto err_queues;
	err = ztnet_event_init(zt);
	if (err)
		goto err_ratelimiter;
	err = ztnet_fw_init(zt);
	if (err)
		goto err_event;
	return 0;

err_event:
	ztnet_event_uninit(zt);
err_ratelimiter:
	ztnet_ratelimiter_uninit();
err_queues:
	ztnet_destroy_queues(zt);
err_stats:
	free_percpu(dev->tstats);
	dev->tstats = NULL;
	return err;
}

/* Undoes ztnet_alloc_state(), once no worker can run. */
static void ztnet_free_state(struct ztnet_device *zt)
{
	/* The workers deliver through the firewall: drain them first. */
	ztnet_destroy_queues(zt);
	ztnet_fw_uninit(zt);
	ztnet_event_uninit(zt);
	ztnet_ratelimiter_uninit();
	free_percpu(zt->dev->tstats);
	zt->dev->tstats = NULL;
}

/*
 * After the last reference: a request that found the device before it
 * was deleted has finished with it.  First nothing new arrives (the
 * sockets) or is asked for (staged requests); then the peers go, each
 * waiting for its own work; then the queues drain; and only then is what
 * their workers use freed.
 */
static void ztnet_destruct(struct net_device *dev)
{
	struct ztnet_device *zt = netdev_priv(dev);

	rtnl_lock();
	list_del_init(&zt->device_list);
	rtnl_unlock();
	ztnet_txn_drop_device(zt);
	mutex_lock(&zt->update_lock);
	ztnet_socket_uninit(zt);
	mutex_unlock(&zt->update_lock);
	ztnet_config_clear(zt);
	ztnet_free_state(zt);
	WARN_ON(!ztnet_session_index_is_empty(&zt->session_index));
}

static const struct net_device_ops ztnet_netdev_ops = {
	.ndo_open		= ztnet_open,
	.ndo_stop		= ztnet_stop,
	.ndo_start_xmit		= ztnet_xmit,
	.ndo_get_stats64	= dev_get_tstats64,
};

static const struct device_type ztnet_device_type = {
	.name = ZTNET_DEVICE_KIND,
};

static atomic64_t ztnet_device_ids = ATOMIC64_INIT(0);

static void ztnet_setup_device_state(struct ztnet_device *zt,
				     struct net_device *dev)
{
	memset(zt, 0, sizeof(*zt));
	zt->dev = dev;
	zt->id = atomic64_inc_return(&ztnet_device_ids);
	mutex_init(&zt->update_lock);
	mutex_init(&zt->policy_lock);
	init_rwsem(&zt->identity.lock);
	INIT_LIST_HEAD(&zt->peer_list);
	INIT_LIST_HEAD(&zt->device_list);
	ztnet_peer_index_init(&zt->peer_index, &zt->update_lock);
	ztnet_allowedips_init(&zt->allowedips, &zt->update_lock);
	ztnet_session_index_init(&zt->session_index);
	ztnet_cookie_checker_init(&zt->cookie_checker, zt);
}

static void ztnet_setup(struct net_device *dev)
{
	dev->netdev_ops = &ztnet_netdev_ops;
	dev->needs_free_netdev = true;
	dev->header_ops = NULL;
	dev->hard_header_len = 0;
	dev->addr_len = 0;
	dev->needed_headroom = ZTNET_DATA_HEADROOM;
	dev->needed_tailroom = ZTNET_PADDING_MULTIPLE + ZTNET_AUTHTAG_LEN;
	dev->type = ARPHRD_NONE;
	dev->flags = IFF_POINTOPOINT | IFF_NOARP;
	dev->priv_flags |= IFF_NO_QUEUE;
	/* The route tells the path MTU, and ICMP errors need it. */
	netif_keep_dst(dev);
	dev->features |= ZTNET_FEATURES;
	dev->hw_features |= ZTNET_FEATURES;
	dev->hw_enc_features |= ZTNET_FEATURES;
	dev->mtu = ZTNET_DEFAULT_MTU;
	dev->min_mtu = ZTNET_MIN_MTU;
	dev->max_mtu = ZTNET_MAX_MTU;
	ztnet_compat_set_lltx(dev);
	SET_NETDEV_DEVTYPE(dev, &ztnet_device_type);
	ztnet_setup_device_state(netdev_priv(dev), dev);
}

/*
 * The sockets stay in the namespace the device is created in.  The
 * destructor is set only once the device is registered: before that, a
 * failure here frees what was allocated, and the core frees the rest.
 */
static int ztnet_newlink(struct net *src_net, struct net_device *dev,
			 struct nlattr *tb[], struct nlattr *data[],
			 struct netlink_ext_ack *extack)
{
	struct ztnet_device *zt = netdev_priv(dev);
	int err;

	zt->creating_net = src_net;
	err = ztnet_alloc_state(zt);
	if (err)
		return err;
	err = register_netdevice(dev);
	if (err)
		goto err_state;
	dev->priv_destructor = ztnet_destruct;
	list_add(&zt->device_list, &ztnet_devices);
	return 0;

err_state:
	ztnet_free_state(zt);
	return err;
}

static struct rtnl_link_ops ztnet_link_ops __read_mostly = {
	.kind		= ZTNET_DEVICE_KIND,
	.priv_size	= sizeof(struct ztnet_device),
	.setup		= ztnet_setup,
	.newlink	= ztnet_newlink,
};

/*
 * A device whose sockets live in a namespace that is going away loses
 * them; the device itself may live on elsewhere.
 */
static void __net_exit ztnet_netns_pre_exit(struct net *net)
{
	struct ztnet_device *zt;

	rtnl_lock();
	list_for_each_entry(zt, &ztnet_devices, device_list) {
		if (zt->creating_net != net)
			continue;
		mutex_lock(&zt->update_lock);
		zt->creating_net = NULL;
		ztnet_socket_uninit(zt);
		mutex_unlock(&zt->update_lock);
	}
	rtnl_unlock();
}

static struct pernet_operations ztnet_netns_ops = {
	.pre_exit = ztnet_netns_pre_exit,
};

int ztnet_device_init(void)
{
	int err;

	err = register_pernet_device(&ztnet_netns_ops);
	if (err)
		return err;
	err = rtnl_link_register(&ztnet_link_ops);
	if (err)
		unregister_pernet_device(&ztnet_netns_ops);
	return err;
}

/* Deletes every ztnet device in every namespace before returning. */
void ztnet_device_uninit(void)
{
	rtnl_link_unregister(&ztnet_link_ops);
	unregister_pernet_device(&ztnet_netns_ops);
}
