/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ZTNET_COOKIE_H
#define _ZTNET_COOKIE_H

#include <linux/rwsem.h>
#include <linux/seqlock.h>
#include <linux/skbuff.h>

#include "messages.h"

struct ztnet_device;
struct ztnet_peer;

/*
 * The responder's side: the keys that check mac1 and mac2 of what arrives,
 * and the secret, changed every two minutes, that cookies are made from.
 */
struct ztnet_cookie_checker {
	u8 secret[ZTNET_HASH_LEN];
	u8 cookie_encryption_key[ZTNET_SYMMETRIC_KEY_LEN];
	u8 message_mac1_key[ZTNET_SYMMETRIC_KEY_LEN];
	u64 secret_birthdate;
	struct rw_semaphore secret_lock;
	/*
	 * Every handshake message, junk included, is checked for mac1, and
	 * its key changes only with the private key: it is read under this
	 * count rather than the lock.  Writers hold the lock for write.
	 */
	seqcount_t mac1_key_seq;
	struct ztnet_device *device;
};

/* The initiator's side, per peer: the cookie it last gave us, if any. */
struct ztnet_cookie {
	u64 birthdate;
	bool is_valid;
	u8 cookie[ZTNET_COOKIE_LEN];
	bool have_sent_mac1;
	u8 last_mac1_sent[ZTNET_COOKIE_LEN];
	u8 cookie_decryption_key[ZTNET_SYMMETRIC_KEY_LEN];
	u8 message_mac1_key[ZTNET_SYMMETRIC_KEY_LEN];
	struct rw_semaphore lock;
};

enum ztnet_cookie_mac_state {
	ZTNET_MAC_INVALID,
	ZTNET_MAC_VALID_NO_COOKIE,
	ZTNET_MAC_VALID_COOKIE_RATELIMITED,
	ZTNET_MAC_VALID_COOKIE,
};

void ztnet_cookie_checker_init(struct ztnet_cookie_checker *checker,
			       struct ztnet_device *zt);
void ztnet_cookie_checker_precompute_device_keys(struct ztnet_cookie_checker *checker);
void ztnet_cookie_checker_precompute_peer_keys(struct ztnet_peer *peer);
void ztnet_cookie_init(struct ztnet_cookie *cookie);

enum ztnet_cookie_mac_state
ztnet_cookie_validate_packet(struct ztnet_cookie_checker *checker,
			     struct sk_buff *skb, bool check_cookie);
void ztnet_cookie_add_mac_to_packet(void *message, size_t len,
				    struct ztnet_peer *peer);

void ztnet_cookie_message_create(struct ztnet_msg_cookie *dst,
				 struct sk_buff *skb, __le32 index,
				 struct ztnet_cookie_checker *checker);
void ztnet_cookie_message_consume(struct ztnet_msg_cookie *src,
				  struct ztnet_device *zt);

#endif /* _ZTNET_COOKIE_H */
