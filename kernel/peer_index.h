/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ZTNET_PEER_INDEX_H
#define _ZTNET_PEER_INDEX_H

#include <linux/hashtable.h>
#include <linux/mutex.h>
#include <linux/siphash.h>

#include "uapi/ztnet.h"

struct ztnet_peer;

/*
 * Peers by public key.  The hash is keyed with a secret so that nobody who
 * chooses public keys can pile them into one bucket.
 */
struct ztnet_peer_index {
	DECLARE_HASHTABLE(buckets, 11);
	siphash_key_t key;
	/* The device's update lock, held by every writer. */
	struct mutex *lock;
};

void ztnet_peer_index_init(struct ztnet_peer_index *index, struct mutex *lock);
void ztnet_peer_index_add(struct ztnet_peer_index *index, struct ztnet_peer *peer);
void ztnet_peer_index_remove(struct ztnet_peer_index *index,
			     struct ztnet_peer *peer);
struct ztnet_peer *
ztnet_peer_index_lookup(struct ztnet_peer_index *index,
			const u8 public_key[ZTNET_KEY_LEN]);

#endif /* _ZTNET_PEER_INDEX_H */
