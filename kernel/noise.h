/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ZTNET_NOISE_H
#define _ZTNET_NOISE_H

#include <linux/kref.h>
#include <linux/rwsem.h>
#include <linux/spinlock.h>

#include "messages.h"
#include "keypair.h"
#include "session_index.h"

struct ztnet_device;
struct ztnet_peer;

enum ztnet_handshake_state {
	ZTNET_HANDSHAKE_ZEROED,
	ZTNET_HANDSHAKE_CREATED_INITIATION,
	ZTNET_HANDSHAKE_CONSUMED_INITIATION,
	ZTNET_HANDSHAKE_CREATED_RESPONSE,
	ZTNET_HANDSHAKE_CONSUMED_RESPONSE,
};

/* The Noise IKpsk2 state of a handshake in progress with one peer. */
struct ztnet_handshake {
	struct ztnet_index_entry entry;
	enum ztnet_handshake_state state;
	u64 last_initiation_consumption;
	u8 ephemeral_private[ZTNET_PUBLIC_KEY_LEN];
	u8 remote_static[ZTNET_PUBLIC_KEY_LEN];
	u8 remote_ephemeral[ZTNET_PUBLIC_KEY_LEN];
	u8 precomputed_static_static[ZTNET_PUBLIC_KEY_LEN];
	u8 preshared_key[ZTNET_SYMMETRIC_KEY_LEN];
	u8 hash[ZTNET_HASH_LEN];
	u8 chaining_key[ZTNET_HASH_LEN];
	u8 latest_timestamp[ZTNET_TIMESTAMP_LEN];
	__le32 remote_index;
	/* Initiations are consumed under it for write, so one wins. */
	struct rw_semaphore lock;
};

void ztnet_noise_init(void);
void ztnet_noise_handshake_init(struct ztnet_handshake *handshake,
				struct ztnet_peer *peer);
void ztnet_noise_handshake_clear(struct ztnet_handshake *handshake);
void ztnet_noise_precompute_static_static(struct ztnet_peer *peer);
void ztnet_noise_set_preshared_key(struct ztnet_handshake *handshake,
				   const u8 key[ZTNET_SYMMETRIC_KEY_LEN]);

bool ztnet_noise_create_initiation(struct ztnet_msg_initiation *dst,
				   struct ztnet_handshake *handshake);
struct ztnet_peer *ztnet_noise_consume_initiation(struct ztnet_msg_initiation *src,
						  struct ztnet_device *zt);
bool ztnet_noise_create_response(struct ztnet_msg_response *dst,
				 struct ztnet_handshake *handshake);
struct ztnet_peer *ztnet_noise_consume_response(struct ztnet_msg_response *src,
						struct ztnet_device *zt);
bool ztnet_noise_begin_session(struct ztnet_handshake *handshake,
			       struct ztnet_keypairs *keypairs);

#endif /* _ZTNET_NOISE_H */
