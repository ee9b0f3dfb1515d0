/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ZTNET_DEVICE_H
#define _ZTNET_DEVICE_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/ptr_ring.h>
#include <linux/workqueue.h>
#include <net/rtnetlink.h>
#include <net/sock.h>

#include "allowedips.h"
#include "cookie.h"
#include "lockdown.h"
#include "peer_index.h"
#include "session_index.h"
#include "uapi/ztnet.h"

#define ZTNET_DEVICE_KIND "ztnet"

struct ztnet_event_bucket;
struct ztnet_flow_table;
struct ztnet_fw_stats;
struct ztnet_policy;
struct ztnet_policy_conf;

/* A bound on what one device may cost in memory. */
#define ZTNET_MAX_PEERS BIT(20)

/* The device's own key pair; the public key is derived from the private. */
struct ztnet_identity {
	u8 private_key[ZTNET_KEY_LEN];
	u8 public_key[ZTNET_KEY_LEN];
	bool has_identity;
	/* Handshakes read it; a new private key is written under it. */
	struct rw_semaphore lock;
};

/* One CPU's share of a crypt queue: its ring and the work draining it. */
struct ztnet_cpu_worker {
	struct ptr_ring ring;
	struct work_struct work;
	struct ztnet_device *device;
};

/*
 * Packets waiting for encryption, decryption or handshake processing,
 * spread over every CPU's ring in turn so that no lock is shared by all
 * CPUs.  A peer's packets are put back in order by its serial queue.
 */
struct ztnet_crypt_queue {
	struct ztnet_cpu_worker __percpu *workers;
	int last_cpu;
};

/* One ztnet interface. */
struct ztnet_device {
	struct net_device *dev;
	/* Serialises every configuration change and every dump. */
	struct mutex update_lock;
	/*
	 * Serialises the commits of the policy (config.c), which is built
	 * under it alone.  Taken before RTNL and update_lock, never after.
	 */
	struct mutex policy_lock;
	struct ztnet_identity identity;
	struct list_head peer_list;
	unsigned int num_peers;
	struct ztnet_peer_index peer_index;
	struct ztnet_allowedips allowedips;
	struct ztnet_session_index session_index;
	struct ztnet_cookie_checker cookie_checker;

	/*
	 * The UDP sockets live in the namespace the device was created in,
	 * which need not be the one it was moved to.  creating_net is not a
	 * reference: it is cleared as that namespace goes.
	 */
	struct sock __rcu *sock4;
	struct sock __rcu *sock6;
	struct net *creating_net;
	u16 listen_port;
	u16 incoming_port;
	u32 fwmark;

	struct workqueue_struct *crypt_wq;
	struct workqueue_struct *handshake_wq;
	struct workqueue_struct *handshake_send_wq;
	struct ztnet_crypt_queue encrypt_queue;
	struct ztnet_crypt_queue decrypt_queue;
	struct ztnet_crypt_queue handshake_queue;
	atomic_t handshake_queue_len;
	/* When the handshake queue was last found long: cookies are asked. */
	u64 last_under_load;
	/* On the module's list of devices, for namespace teardown. */
	struct list_head device_list;

	/* The microsegment policy in force (policy.h); NULL: mode off. */
	struct ztnet_policy __rcu *policy;
	/* What it is built from (polconf.h); NULL: the defaults. */
	struct ztnet_policy_conf *policy_conf;
	/* The firewall's flow table and counters (firewall.h). */
	struct ztnet_flow_table *flows;
	struct ztnet_fw_stats __percpu *fw_stats;
	/* Per CPU: the token buckets that limit events (event.c). */
	struct ztnet_event_bucket __percpu *event_buckets;
	/* The plaintext lockdown's netfilter hooks, when registered. */
	struct ztnet_lockdown lockdown;

	/* Bumped by every change, so that a dump can tell it was cut. */
	u32 config_seq;
	/* Never reused, unlike an ifindex: a dump that resumes checks it. */
	u64 id;
};

int ztnet_device_init(void);
void ztnet_device_uninit(void);
bool ztnet_device_is_ours(const struct net_device *dev);

#endif /* _ZTNET_DEVICE_H */
