// SPDX-License-Identifier: GPL-2.0
/*
 * Cookies: WireGuard's answer to a flood of handshake initiations.  Every
 * handshake message carries mac1, which only someone who knows our public
 * key can compute, so that we answer nobody who merely scans for us.  When
 * we are under load, a sender must also prove with mac2 that it can receive
 * at the address it claims; the proof is a cookie we sent there, bound to
 * that address and port by a secret only we hold.
 */

#include <crypto/algapi.h>
#include <crypto/blake2s.h>
#include <crypto/chacha20poly1305.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/random.h>
#include <linux/timekeeping.h>
#include <linux/udp.h>

#include "cookie.h"
#include "device.h"
#include "log.h"
#include "messages.h"
#include "peer.h"
#include "ratelimiter.h"
#include "session_index.h"
#include "timers.h"

/* The protocol's labels are eight bytes, with no terminating NUL. */
#define ZTNET_LABEL_LEN 8
static const u8 ztnet_mac1_label[ZTNET_LABEL_LEN + 1] = "mac1----";
static const u8 ztnet_cookie_label[ZTNET_LABEL_LEN + 1] = "cookie--";

/* mac2 covers mac1 as well, so it is everything but the last 16 bytes. */
#define ZTNET_MAC1_COVERS(len) ((len) - sizeof(struct ztnet_msg_macs))
#define ZTNET_MAC2_COVERS(len) ((len) - ZTNET_COOKIE_LEN)

static void ztnet_derive_key(u8 key[ZTNET_SYMMETRIC_KEY_LEN], const u8 *label,
			     const u8 public_key[ZTNET_PUBLIC_KEY_LEN])
{
	struct blake2s_state state;

	blake2s_init(&state, ZTNET_SYMMETRIC_KEY_LEN);
	blake2s_update(&state, label, ZTNET_LABEL_LEN);
	blake2s_update(&state, public_key, ZTNET_PUBLIC_KEY_LEN);
	blake2s_final(&state, key);
}

static struct ztnet_msg_macs *ztnet_macs_of(void *message, size_t len)
{
	return (struct ztnet_msg_macs *)((u8 *)message + len -
					 sizeof(struct ztnet_msg_macs));
}

static void ztnet_mac1(u8 mac[ZTNET_COOKIE_LEN], const void *message,
		       size_t len, const u8 key[ZTNET_SYMMETRIC_KEY_LEN])
{
	blake2s(mac, message, key, ZTNET_COOKIE_LEN, ZTNET_MAC1_COVERS(len),
		ZTNET_SYMMETRIC_KEY_LEN);
}

static void ztnet_mac2(u8 mac[ZTNET_COOKIE_LEN], const void *message,
		       size_t len, const u8 cookie[ZTNET_COOKIE_LEN])
{
	blake2s(mac, message, cookie, ZTNET_COOKIE_LEN, ZTNET_MAC2_COVERS(len),
		ZTNET_COOKIE_LEN);
}

void ztnet_cookie_checker_init(struct ztnet_cookie_checker *checker,
			       struct ztnet_device *zt)
{
	memset(checker, 0, sizeof(*checker));
	init_rwsem(&checker->secret_lock);
	seqcount_init(&checker->mac1_key_seq);
	checker->device = zt;
	get_random_bytes(checker->secret, ZTNET_HASH_LEN);
	checker->secret_birthdate = ktime_get_coarse_boottime_ns();
}

/*
 * Both keys depend only on our public key, so they are derived once per
 * identity rather than once per packet.  The caller holds the identity
 * lock, which comes before the secret lock.
 */
void ztnet_cookie_checker_precompute_device_keys(struct ztnet_cookie_checker *checker)
{
	struct ztnet_identity *id = &checker->device->identity;

	lockdep_assert_held(&id->lock);
	down_write(&checker->secret_lock);
	/* A reader spins while we write: we must not be preempted. */
	preempt_disable();
	write_seqcount_begin(&checker->mac1_key_seq);
	if (id->has_identity) {
		ztnet_derive_key(checker->cookie_encryption_key,
				 ztnet_cookie_label, id->public_key);
		ztnet_derive_key(checker->message_mac1_key, ztnet_mac1_label,
				 id->public_key);
	} else {
		memzero_explicit(checker->cookie_encryption_key,
				 ZTNET_SYMMETRIC_KEY_LEN);
		memzero_explicit(checker->message_mac1_key,
				 ZTNET_SYMMETRIC_KEY_LEN);
	}
	write_seqcount_end(&checker->mac1_key_seq);
	preempt_enable();
	up_write(&checker->secret_lock);
}

void ztnet_cookie_checker_precompute_peer_keys(struct ztnet_peer *peer)
{
	struct ztnet_cookie *cookie = &peer->cookie;

	down_write(&cookie->lock);
	ztnet_derive_key(cookie->cookie_decryption_key, ztnet_cookie_label,
			 peer->public_key);
	ztnet_derive_key(cookie->message_mac1_key, ztnet_mac1_label,
			 peer->public_key);
	up_write(&cookie->lock);
}

void ztnet_cookie_init(struct ztnet_cookie *cookie)
{
	memset(cookie, 0, sizeof(*cookie));
	init_rwsem(&cookie->lock);
}

/*
 * Returns with the secret lock held for read and the secret fresh.  A
 * cookie made from an old secret would stay good for as long as the secret
 * does, so the secret is replaced on first use after it ages out.
 */
static void ztnet_secret_lock_fresh(struct ztnet_cookie_checker *checker)
{
	down_read(&checker->secret_lock);
	if (!ztnet_has_expired(checker->secret_birthdate,
			       ZTNET_COOKIE_SECRET_MAX_AGE))
		return;
	up_read(&checker->secret_lock);

	down_write(&checker->secret_lock);
	/* Someone else may have replaced it while the lock was dropped. */
	if (ztnet_has_expired(checker->secret_birthdate,
			      ZTNET_COOKIE_SECRET_MAX_AGE)) {
		get_random_bytes(checker->secret, ZTNET_HASH_LEN);
		checker->secret_birthdate = ktime_get_coarse_boottime_ns();
	}
	downgrade_write(&checker->secret_lock);
}

/* The caller holds the secret lock; a source it cannot name gets no cookie. */
static bool ztnet_source_cookie(u8 cookie[ZTNET_COOKIE_LEN],
				struct sk_buff *skb,
				struct ztnet_cookie_checker *checker)
{
	struct blake2s_state state;

	blake2s_init_key(&state, ZTNET_COOKIE_LEN, checker->secret,
			 ZTNET_HASH_LEN);
	if (skb->protocol == htons(ETH_P_IP))
		blake2s_update(&state, (const u8 *)&ip_hdr(skb)->saddr,
			       sizeof(struct in_addr));
	else if (skb->protocol == htons(ETH_P_IPV6))
		blake2s_update(&state, (const u8 *)&ipv6_hdr(skb)->saddr,
			       sizeof(struct in6_addr));
	else
		goto wipe;
	blake2s_update(&state, (const u8 *)&udp_hdr(skb)->source,
		       sizeof(udp_hdr(skb)->source));
	blake2s_final(&state, cookie);
	return true;

wipe:
	memzero_explicit(&state, sizeof(state));
	return false;
}

static bool ztnet_mac_matches(const u8 *computed, const u8 *received)
{
	return !crypto_memneq(computed, received, ZTNET_COOKIE_LEN);
}

/* The mac1 key, copied without the lock (see mac1_key_seq). */
static void ztnet_mac1_key(struct ztnet_cookie_checker *checker,
			   u8 key[ZTNET_SYMMETRIC_KEY_LEN])
{
	unsigned int seq;

	do {
		seq = read_seqcount_begin(&checker->mac1_key_seq);
		memcpy(key, checker->message_mac1_key, ZTNET_SYMMETRIC_KEY_LEN);
	} while (read_seqcount_retry(&checker->mac1_key_seq, seq));
}

/* Whether mac2 holds the cookie of the message's source address. */
static bool ztnet_mac2_valid(struct ztnet_cookie_checker *checker,
			     struct sk_buff *skb,
			     const struct ztnet_msg_macs *macs)
{
	u8 cookie[ZTNET_COOKIE_LEN], mac[ZTNET_COOKIE_LEN];
	bool known;

	ztnet_secret_lock_fresh(checker);
	known = ztnet_source_cookie(cookie, skb, checker);
	up_read(&checker->secret_lock);
	if (!known)
		return false;
	ztnet_mac2(mac, skb->data, skb->len, cookie);
	memzero_explicit(cookie, sizeof(cookie));
	return ztnet_mac_matches(mac, macs->mac2);
}

/*
 * mac1 is checked with no lock, so that junk costs one hash; mac2, and the
 * secret lock with it, only under load.
 */
enum ztnet_cookie_mac_state
ztnet_cookie_validate_packet(struct ztnet_cookie_checker *checker,
			     struct sk_buff *skb, bool check_cookie)
{
	u8 key[ZTNET_SYMMETRIC_KEY_LEN], mac[ZTNET_COOKIE_LEN];
	struct ztnet_msg_macs *macs;

	if (unlikely(skb->len <= sizeof(*macs) || skb_headlen(skb) < skb->len))
		return ZTNET_MAC_INVALID;
	macs = ztnet_macs_of(skb->data, skb->len);

	/* Derived from our public key, the mac1 key is no secret. */
	ztnet_mac1_key(checker, key);
	ztnet_mac1(mac, skb->data, skb->len, key);
	if (!ztnet_mac_matches(mac, macs->mac1))
		return ZTNET_MAC_INVALID;
	if (!check_cookie || !ztnet_mac2_valid(checker, skb, macs))
		return ZTNET_MAC_VALID_NO_COOKIE;
	if (!ztnet_ratelimiter_allow(skb, dev_net(checker->device->dev)))
		return ZTNET_MAC_VALID_COOKIE_RATELIMITED;
	return ZTNET_MAC_VALID_COOKIE;
}

/*
 * mac1 is remembered because a cookie reply is encrypted with it as
 * associated data: that is how we know the reply answers what we sent.
 */
void ztnet_cookie_add_mac_to_packet(void *message, size_t len,
				    struct ztnet_peer *peer)
{
	struct ztnet_msg_macs *macs = ztnet_macs_of(message, len);
	struct ztnet_cookie *cookie = &peer->cookie;

	down_write(&cookie->lock);
	ztnet_mac1(macs->mac1, message, len, cookie->message_mac1_key);
	memcpy(cookie->last_mac1_sent, macs->mac1, ZTNET_COOKIE_LEN);
	cookie->have_sent_mac1 = true;

	/*
	 * The responder replaces its secret after MAX_AGE; stop using a cookie
	 * a little before that, so that it is not stale by the time it lands.
	 */
	if (cookie->is_valid &&
	    !ztnet_has_expired(cookie->birthdate, ZTNET_COOKIE_SECRET_MAX_AGE -
						  ZTNET_COOKIE_SECRET_LATENCY))
		ztnet_mac2(macs->mac2, message, len, cookie->cookie);
	else
		memset(macs->mac2, 0, ZTNET_COOKIE_LEN);
	up_write(&cookie->lock);
}

/*
 * skb holds the handshake message being answered, whose mac1 has been
 * found valid.  Its sender's index is the receiver of our reply.
 */
void ztnet_cookie_message_create(struct ztnet_msg_cookie *dst,
				 struct sk_buff *skb, __le32 index,
				 struct ztnet_cookie_checker *checker)
{
	struct ztnet_msg_macs *macs = ztnet_macs_of(skb->data, skb->len);
	u8 cookie[ZTNET_COOKIE_LEN];

	dst->header.type = cpu_to_le32(ZTNET_MSG_COOKIE);
	dst->receiver_index = index;
	get_random_bytes(dst->nonce, ZTNET_COOKIE_NONCE_LEN);

	ztnet_secret_lock_fresh(checker);
	/* An unknown protocol cannot pass validation; send a useless cookie. */
	if (!ztnet_source_cookie(cookie, skb, checker))
		get_random_bytes(cookie, sizeof(cookie));
	xchacha20poly1305_encrypt(dst->encrypted_cookie, cookie, ZTNET_COOKIE_LEN,
				  macs->mac1, ZTNET_COOKIE_LEN, dst->nonce,
				  checker->cookie_encryption_key);
	up_read(&checker->secret_lock);
	memzero_explicit(cookie, sizeof(cookie));
}

/* Returns whether the reply was ours to take and decrypted. */
static bool ztnet_cookie_take(struct ztnet_cookie *cookie,
			      const struct ztnet_msg_cookie *src)
{
	u8 plain[ZTNET_COOKIE_LEN];
	bool ok = false;

	down_write(&cookie->lock);
	/* A reply to nothing we sent, or to what a reply already answered. */
	if (!cookie->have_sent_mac1)
		goto unlock;
	ok = xchacha20poly1305_decrypt(plain, src->encrypted_cookie,
				       sizeof(src->encrypted_cookie),
				       cookie->last_mac1_sent, ZTNET_COOKIE_LEN,
				       src->nonce, cookie->cookie_decryption_key);
	if (!ok)
		goto unlock;
	memcpy(cookie->cookie, plain, ZTNET_COOKIE_LEN);
	cookie->birthdate = ktime_get_coarse_boottime_ns();
	cookie->is_valid = true;
	cookie->have_sent_mac1 = false;

unlock:
	up_write(&cookie->lock);
	memzero_explicit(plain, sizeof(plain));
	return ok;
}

void ztnet_cookie_message_consume(struct ztnet_msg_cookie *src,
				  struct ztnet_device *zt)
{
	struct ztnet_index_entry *entry;
	struct ztnet_peer *peer = NULL;

	entry = ztnet_session_index_lookup(&zt->session_index,
					   ZTNET_INDEX_HANDSHAKE |
					   ZTNET_INDEX_KEYPAIR,
					   src->receiver_index, &peer);
	if (unlikely(!entry || !peer))
		goto out;

	if (!ztnet_cookie_take(&peer->cookie, src))
		ztnet_peer_dbg(peer, "dropped a cookie reply that did not verify");
out:
	ztnet_peer_put(peer);
}
