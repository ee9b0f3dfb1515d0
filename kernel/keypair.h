/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ZTNET_KEYPAIR_H
#define _ZTNET_KEYPAIR_H

#include <linux/atomic.h>
#include <linux/kref.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>

#include "messages.h"
#include "replay.h"
#include "session_index.h"

struct ztnet_peer;

/* One direction's key of a session. */
struct ztnet_symkey {
	u8 key[ZTNET_SYMMETRIC_KEY_LEN];
	u64 birthdate;		/* ktime_get_coarse_boottime_ns() */
	bool is_valid;
};

/*
 * A session: the pair of keys one handshake derived, found by our index
 * when data arrives for it.  The sending counter is the nonce.
 */
struct ztnet_keypair {
	struct ztnet_index_entry entry;
	struct ztnet_symkey sending;
	atomic64_t sending_counter;
	struct ztnet_symkey receiving;
	struct ztnet_replay replay;
	__le32 remote_index;
	bool i_am_the_initiator;
	struct kref refcount;
	struct rcu_head rcu;
	u64 internal_id;
};

/*
 * A peer's sessions.  "next" is one we answered but the initiator has not
 * used yet; "previous" still decrypts what was in flight when we switched.
 */
struct ztnet_keypairs {
	struct ztnet_keypair __rcu *current_keypair;
	struct ztnet_keypair __rcu *previous_keypair;
	struct ztnet_keypair __rcu *next_keypair;
	/* Serialises changes of the three slots; readers use RCU. */
	spinlock_t keypair_update_lock;
};

struct ztnet_keypair *ztnet_keypair_create(struct ztnet_peer *peer);
void ztnet_keypair_set_valid(struct ztnet_keypair *keypair);
struct ztnet_keypair *ztnet_keypair_get(struct ztnet_keypair *keypair);
void ztnet_keypair_put(struct ztnet_keypair *keypair, bool unreference_now);

void ztnet_keypairs_init(struct ztnet_keypairs *keypairs);
void ztnet_keypairs_install(struct ztnet_keypairs *keypairs,
			    struct ztnet_keypair *keypair);
bool ztnet_keypairs_received_with(struct ztnet_keypairs *keypairs,
				  struct ztnet_keypair *keypair);
void ztnet_keypairs_expire_current(struct ztnet_keypairs *keypairs);
void ztnet_keypairs_clear(struct ztnet_keypairs *keypairs);

#endif /* _ZTNET_KEYPAIR_H */
