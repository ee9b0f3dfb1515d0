/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ZTNET_PEER_H
#define _ZTNET_PEER_H

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/netdevice.h>
#include <linux/rcupdate.h>
#include <linux/skbuff.h>
#include <linux/spinlock.h>
#include <linux/time64.h>
#include <linux/timer.h>
#include <linux/workqueue.h>
#include <net/dst_cache.h>

#include "cookie.h"
#include "peerflows.h"
#include "noise.h"
#include "uapi/ztnet.h"

struct ztnet_device;

/*
 * Where a peer is, and the local address we last reached it from, so that
 * replies leave from the address the peer knows us by.
 */
struct ztnet_endpoint {
	union {
		struct sockaddr addr;
		struct sockaddr_in addr4;
		struct sockaddr_in6 addr6;
	};
	union {
		struct {
			struct in_addr src4;
			int src_if4;
		};
		struct in6_addr src6;
	};
};

/* Packets of one peer, in the order they must leave or be delivered. */
struct ztnet_serial_queue {
	struct sk_buff_head packets;
};

/*
 * A peer is an identity: its public key.  It is found by that key through
 * the device's peer index, by address through the allowed-IPs table and by
 * session through the session index.  Readers hold RCU and take a
 * reference; the device's update lock serialises configuration changes.
 */
struct ztnet_peer {
	struct ztnet_device *device;
	u8 public_key[ZTNET_KEY_LEN];
	struct ztnet_handshake handshake;
	struct ztnet_keypairs keypairs;
	struct ztnet_cookie cookie;

	struct ztnet_endpoint endpoint;
	/* Roaming writes the endpoint from the receive path. */
	rwlock_t endpoint_lock;
	struct dst_cache endpoint_cache;

	/* Packets waiting for a session, oldest dropped first. */
	struct sk_buff_head staged_packet_queue;
	struct ztnet_serial_queue tx_queue;
	struct ztnet_serial_queue rx_queue;
	struct work_struct transmit_work;
	struct work_struct transmit_handshake_work;
	struct work_struct clear_work;
	struct napi_struct napi;
	int serial_work_cpu;

	struct timer_list timer_retransmit_handshake;
	struct timer_list timer_send_keepalive;
	struct timer_list timer_new_handshake;
	struct timer_list timer_zero_key_material;
	struct timer_list timer_persistent_keepalive;
	unsigned int timer_handshake_attempts;
	bool timer_need_another_keepalive;
	bool sent_lastminute_handshake;
	atomic64_t last_sent_handshake;
	u16 persistent_keepalive_interval;

	/* Bytes of authenticated messages, as they were on the wire. */
	atomic64_t rx_bytes;
	atomic64_t tx_bytes;
	struct timespec64 last_handshake;
	u64 internal_id;

	/* On the device's peer_list, in the order peers were added. */
	struct list_head peer_list;
	/* This peer's prefixes in the device's allowed-IPs table. */
	struct list_head allowedips_list;
	/* In the device's peer index, hashed by public key. */
	struct hlist_node index_node;
	/* The firewall's flows of this peer (peerflows.h). */
	struct ztnet_peer_flows flows;
	struct kref refcount;
	struct rcu_head rcu;
	/* Set as the peer goes, so that no new work is started for it. */
	bool dead;
};

struct ztnet_peer *ztnet_peer_alloc(void);
void ztnet_peer_free_unused(struct ztnet_peer *peer);
struct ztnet_peer *ztnet_peer_create(struct ztnet_device *zt,
				     struct ztnet_peer *peer,
				     const u8 public_key[ZTNET_KEY_LEN]);
void ztnet_peer_kill(struct ztnet_peer *peer, struct list_head *dead);
void ztnet_peer_kill_all(struct ztnet_device *zt, struct list_head *dead);
void ztnet_peer_bury(struct ztnet_device *zt, struct list_head *dead);
void ztnet_peer_remove_all(struct ztnet_device *zt);
struct ztnet_peer *ztnet_peer_get_maybe_zero(struct ztnet_peer *peer);
struct ztnet_peer *ztnet_peer_get(struct ztnet_peer *peer);
void ztnet_peer_put(struct ztnet_peer *peer);

void ztnet_peer_add_rx_bytes(struct ztnet_peer *peer, u64 len);

static inline void ztnet_peer_add_tx_bytes(struct ztnet_peer *peer, u64 len)
{
	atomic64_add(len, &peer->tx_bytes);
}

#endif /* _ZTNET_PEER_H */
