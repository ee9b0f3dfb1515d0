// SPDX-License-Identifier: GPL-2.0
/*
 * The handshake: Noise_IKpsk2_25519_ChaChaPoly_BLAKE2s as WireGuard uses
 * it.  The initiator knows the responder's static key in advance (IK), and
 * a per-peer preshared key is mixed in after the last Diffie-Hellman
 * (psk2).  Every primitive comes from the kernel's crypto library; this
 * file only composes them in the order the protocol fixes.
 */

#include <crypto/algapi.h>
#include <linux/ktime.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "device.h"
#include "keypair.h"
#include "noise.h"
#include "peer.h"
#include "timers.h"

static const u8 ztnet_construction[] = "Noise_IKpsk2_25519_ChaChaPoly_BLAKE2s";
static const u8 ztnet_identifier[] = "WireGuard v1 zx2c4 Jason@zx2c4.com";

/* Every handshake starts from these two values, so they are made once. */
static u8 ztnet_initial_chaining_key[ZTNET_HASH_LEN] __ro_after_init;
static u8 ztnet_initial_hash[ZTNET_HASH_LEN] __ro_after_init;

void __init ztnet_noise_init(void)
{
	struct blake2s_state state;

	blake2s(ztnet_initial_chaining_key, ztnet_construction, NULL,
		ZTNET_HASH_LEN, sizeof(ztnet_construction) - 1, 0);
	blake2s_init(&state, ZTNET_HASH_LEN);
	blake2s_update(&state, ztnet_initial_chaining_key, ZTNET_HASH_LEN);
	blake2s_update(&state, ztnet_identifier, sizeof(ztnet_identifier) - 1);
	blake2s_final(&state, ztnet_initial_hash);
}

/* HMAC (RFC 2104) over BLAKE2s-256, for keys no longer than a block. */
static void ztnet_hmac(u8 out[ZTNET_HASH_LEN], const u8 *in, size_t in_len,
		       const u8 key[ZTNET_HASH_LEN])
{
	u8 pad[BLAKE2S_BLOCK_SIZE] __aligned(__alignof__(u32));
	u8 inner[ZTNET_HASH_LEN] __aligned(__alignof__(u32));
	struct blake2s_state state;
	int i;

	memset(pad, 0, sizeof(pad));
	memcpy(pad, key, ZTNET_HASH_LEN);
	for (i = 0; i < BLAKE2S_BLOCK_SIZE; i++)
		pad[i] ^= 0x36;
	blake2s_init(&state, ZTNET_HASH_LEN);
	blake2s_update(&state, pad, sizeof(pad));
	blake2s_update(&state, in, in_len);
	blake2s_final(&state, inner);

	for (i = 0; i < BLAKE2S_BLOCK_SIZE; i++)
		pad[i] ^= 0x36 ^ 0x5c;
	blake2s_init(&state, ZTNET_HASH_LEN);
	blake2s_update(&state, pad, sizeof(pad));
	blake2s_update(&state, inner, sizeof(inner));
	blake2s_final(&state, out);

	memzero_explicit(pad, sizeof(pad));
	memzero_explicit(inner, sizeof(inner));
}

/*
 * The HKDF of the Noise specification: up to three 32-byte outputs from
 * the chaining key and some input.  Any output may alias the chaining key.
 */
static void ztnet_kdf(u8 *first, u8 *second, u8 *third, const u8 *data,
		      size_t data_len, const u8 chaining_key[ZTNET_HASH_LEN])
{
	u8 prk[ZTNET_HASH_LEN], block[ZTNET_HASH_LEN + 1];
	u8 *outs[] = { first, second, third };
	size_t i, len = 1;

	ztnet_hmac(prk, data, data_len, chaining_key);
	/* T(n) = HMAC(prk, T(n - 1) || n), with T(0) empty. */
	for (i = 0; i < ARRAY_SIZE(outs) && outs[i]; i++) {
		block[len - 1] = i + 1;
		ztnet_hmac(block, block, len, prk);
		memcpy(outs[i], block, ZTNET_HASH_LEN);
		/* T(n) stays in the first 32 bytes as the prefix of T(n + 1). */
		len = ZTNET_HASH_LEN + 1;
	}
	memzero_explicit(prk, sizeof(prk));
	memzero_explicit(block, sizeof(block));
}

static void ztnet_mix_hash(u8 hash[ZTNET_HASH_LEN], const u8 *data, size_t len)
{
	struct blake2s_state state;

	blake2s_init(&state, ZTNET_HASH_LEN);
	blake2s_update(&state, hash, ZTNET_HASH_LEN);
	blake2s_update(&state, data, len);
	blake2s_final(&state, hash);
}

/* A Diffie-Hellman result that is all zero means a low-order point. */
static bool ztnet_mix_dh(u8 chaining_key[ZTNET_HASH_LEN],
			 u8 key[ZTNET_SYMMETRIC_KEY_LEN],
			 const u8 private[ZTNET_PUBLIC_KEY_LEN],
			 const u8 public[ZTNET_PUBLIC_KEY_LEN])
{
	u8 shared[ZTNET_PUBLIC_KEY_LEN];
	bool ok = curve25519(shared, private, public);

	if (ok)
		ztnet_kdf(chaining_key, key, NULL, shared, sizeof(shared),
			  chaining_key);
	memzero_explicit(shared, sizeof(shared));
	return ok;
}

/* A secret is compared in constant time, even with zero. */
static bool ztnet_mix_precomputed_dh(u8 chaining_key[ZTNET_HASH_LEN],
				     u8 key[ZTNET_SYMMETRIC_KEY_LEN],
				     const u8 shared[ZTNET_PUBLIC_KEY_LEN])
{
	static const u8 zero[ZTNET_PUBLIC_KEY_LEN];

	if (!crypto_memneq(shared, zero, ZTNET_PUBLIC_KEY_LEN))
		return false;
	ztnet_kdf(chaining_key, key, NULL, shared, ZTNET_PUBLIC_KEY_LEN,
		  chaining_key);
	return true;
}

static void ztnet_mix_psk(u8 chaining_key[ZTNET_HASH_LEN], u8 hash[ZTNET_HASH_LEN],
			  u8 key[ZTNET_SYMMETRIC_KEY_LEN],
			  const u8 psk[ZTNET_SYMMETRIC_KEY_LEN])
{
	u8 tau[ZTNET_HASH_LEN];

	ztnet_kdf(chaining_key, tau, key, psk, ZTNET_SYMMETRIC_KEY_LEN,
		  chaining_key);
	ztnet_mix_hash(hash, tau, sizeof(tau));
	memzero_explicit(tau, sizeof(tau));
}

/* Both sides start from the responder's static public key. */
static void ztnet_handshake_start(u8 chaining_key[ZTNET_HASH_LEN],
				  u8 hash[ZTNET_HASH_LEN],
				  const u8 responder_static[ZTNET_PUBLIC_KEY_LEN])
{
	memcpy(chaining_key, ztnet_initial_chaining_key, ZTNET_HASH_LEN);
	memcpy(hash, ztnet_initial_hash, ZTNET_HASH_LEN);
	ztnet_mix_hash(hash, responder_static, ZTNET_PUBLIC_KEY_LEN);
}

static void ztnet_encrypt_and_hash(u8 *dst, const u8 *src, size_t len,
				   const u8 key[ZTNET_SYMMETRIC_KEY_LEN],
				   u8 hash[ZTNET_HASH_LEN])
{
	chacha20poly1305_encrypt(dst, src, len, hash, ZTNET_HASH_LEN, 0, key);
	ztnet_mix_hash(hash, dst, len + ZTNET_AUTHTAG_LEN);
}

static bool ztnet_decrypt_and_hash(u8 *dst, const u8 *src, size_t len,
				   const u8 key[ZTNET_SYMMETRIC_KEY_LEN],
				   u8 hash[ZTNET_HASH_LEN])
{
	if (!chacha20poly1305_decrypt(dst, src, len, hash, ZTNET_HASH_LEN, 0, key))
		return false;
	ztnet_mix_hash(hash, src, len);
	return true;
}

static void ztnet_mix_ephemeral(u8 chaining_key[ZTNET_HASH_LEN],
				u8 hash[ZTNET_HASH_LEN],
				const u8 ephemeral[ZTNET_PUBLIC_KEY_LEN])
{
	ztnet_mix_hash(hash, ephemeral, ZTNET_PUBLIC_KEY_LEN);
	ztnet_kdf(chaining_key, NULL, NULL, ephemeral, ZTNET_PUBLIC_KEY_LEN,
		  chaining_key);
}

/*
 * TAI64N: seconds since 1970 offset by 2^62, then nanoseconds, both big
 * endian.  The nanoseconds are rounded down to the initiation rate limit,
 * so the timestamp tells an observer nothing finer than that.
 */
static void ztnet_tai64n_now(u8 out[ZTNET_TIMESTAMP_LEN])
{
	struct timespec64 now;
	__be64 secs;
	__be32 nsecs;

	ktime_get_real_ts64(&now);
	now.tv_nsec = rounddown(now.tv_nsec,
				rounddown_pow_of_two(NSEC_PER_SEC /
						     ZTNET_INITIATIONS_PER_SECOND));
	secs = cpu_to_be64(0x400000000000000aULL + now.tv_sec);
	nsecs = cpu_to_be32(now.tv_nsec);
	memcpy(out, &secs, sizeof(secs));
	memcpy(out + sizeof(secs), &nsecs, sizeof(nsecs));
}

void ztnet_noise_handshake_init(struct ztnet_handshake *handshake,
				struct ztnet_peer *peer)
{
	memset(handshake, 0, sizeof(*handshake));
	init_rwsem(&handshake->lock);
	handshake->entry.type = ZTNET_INDEX_HANDSHAKE;
	handshake->entry.peer = peer;
	INIT_HLIST_NODE(&handshake->entry.node);
	memcpy(handshake->remote_static, peer->public_key, ZTNET_PUBLIC_KEY_LEN);
	ztnet_noise_precompute_static_static(peer);
}

/* Forgets the handshake in progress; what identifies the peer stays. */
static void ztnet_handshake_zero(struct ztnet_handshake *handshake)
{
	memzero_explicit(handshake->ephemeral_private, ZTNET_PUBLIC_KEY_LEN);
	memzero_explicit(handshake->remote_ephemeral, ZTNET_PUBLIC_KEY_LEN);
	memzero_explicit(handshake->hash, ZTNET_HASH_LEN);
	memzero_explicit(handshake->chaining_key, ZTNET_HASH_LEN);
	handshake->remote_index = 0;
	handshake->state = ZTNET_HANDSHAKE_ZEROED;
}

/*
 * Under the lock that creating a message holds, so that an initiation or
 * response made concurrently is either cleared or not yet indexed.
 */
void ztnet_noise_handshake_clear(struct ztnet_handshake *handshake)
{
	struct ztnet_device *zt = handshake->entry.peer->device;

	down_write(&handshake->lock);
	ztnet_session_index_remove(&zt->session_index, &handshake->entry);
	ztnet_handshake_zero(handshake);
	up_write(&handshake->lock);
}

/* The static-static DH changes only with a key, so it is done once. */
void ztnet_noise_precompute_static_static(struct ztnet_peer *peer)
{
	struct ztnet_handshake *handshake = &peer->handshake;
	struct ztnet_identity *id = &peer->device->identity;

	down_write(&handshake->lock);
	if (!id->has_identity ||
	    !curve25519(handshake->precomputed_static_static, id->private_key,
			handshake->remote_static))
		memset(handshake->precomputed_static_static, 0,
		       ZTNET_PUBLIC_KEY_LEN);
	up_write(&handshake->lock);
}

void ztnet_noise_set_preshared_key(struct ztnet_handshake *handshake,
				   const u8 key[ZTNET_SYMMETRIC_KEY_LEN])
{
	down_write(&handshake->lock);
	memcpy(handshake->preshared_key, key, ZTNET_SYMMETRIC_KEY_LEN);
	up_write(&handshake->lock);
}

static struct ztnet_device *ztnet_handshake_device(struct ztnet_handshake *hs)
{
	return hs->entry.peer->device;
}

bool ztnet_noise_create_initiation(struct ztnet_msg_initiation *dst,
				   struct ztnet_handshake *handshake)
{
	struct ztnet_device *zt = ztnet_handshake_device(handshake);
	struct ztnet_identity *id = &zt->identity;
	u8 key[ZTNET_SYMMETRIC_KEY_LEN], timestamp[ZTNET_TIMESTAMP_LEN];
	bool ok = false;

	down_read(&id->lock);
	down_write(&handshake->lock);
	if (!id->has_identity)
		goto out;
	dst->header.type = cpu_to_le32(ZTNET_MSG_INITIATION);
	ztnet_handshake_start(handshake->chaining_key, handshake->hash,
			      handshake->remote_static);

	curve25519_generate_secret(handshake->ephemeral_private);
	if (!curve25519_generate_public(dst->ephemeral,
					handshake->ephemeral_private))
		goto out;
	ztnet_mix_ephemeral(handshake->chaining_key, handshake->hash,
			    dst->ephemeral);

	/* es: proves nothing yet, but hides our identity from observers. */
	if (!ztnet_mix_dh(handshake->chaining_key, key,
			  handshake->ephemeral_private, handshake->remote_static))
		goto out;
	ztnet_encrypt_and_hash(dst->encrypted_static, id->public_key,
			       ZTNET_PUBLIC_KEY_LEN, key, handshake->hash);

	/* ss: only the holder of our static key can have made what follows. */
	if (!ztnet_mix_precomputed_dh(handshake->chaining_key, key,
				      handshake->precomputed_static_static))
		goto out;
	ztnet_tai64n_now(timestamp);
	ztnet_encrypt_and_hash(dst->encrypted_timestamp, timestamp,
			       ZTNET_TIMESTAMP_LEN, key, handshake->hash);

	dst->sender_index = ztnet_session_index_insert(&zt->session_index,
						       &handshake->entry);
	handshake->state = ZTNET_HANDSHAKE_CREATED_INITIATION;
	ok = true;
out:
	up_write(&handshake->lock);
	up_read(&id->lock);
	memzero_explicit(key, sizeof(key));
	return ok;
}

/*
 * An initiation is accepted only if its timestamp is newer than the last
 * one accepted from that peer, which defeats replay, and not sooner after
 * it than the initiation rate allows, which defeats a flood of fresh ones.
 */
static bool ztnet_initiation_is_fresh(struct ztnet_handshake *handshake,
				      const u8 timestamp[ZTNET_TIMESTAMP_LEN])
{
	bool replay, flood;

	down_read(&handshake->lock);
	replay = memcmp(timestamp, handshake->latest_timestamp,
			ZTNET_TIMESTAMP_LEN) <= 0;
	flood = handshake->last_initiation_consumption &&
		(s64)(handshake->last_initiation_consumption +
		      NSEC_PER_SEC / ZTNET_INITIATIONS_PER_SECOND -
		      ktime_get_coarse_boottime_ns()) > 0;
	up_read(&handshake->lock);
	return !replay && !flood;
}

/* The state consume_initiation has built, before it is known to be good. */
struct ztnet_initiation_state {
	u8 chaining_key[ZTNET_HASH_LEN];
	u8 hash[ZTNET_HASH_LEN];
	u8 key[ZTNET_SYMMETRIC_KEY_LEN];
	u8 ephemeral[ZTNET_PUBLIC_KEY_LEN];
	u8 static_key[ZTNET_PUBLIC_KEY_LEN];
	u8 timestamp[ZTNET_TIMESTAMP_LEN];
};

static void ztnet_initiation_accept(struct ztnet_handshake *handshake,
				    const struct ztnet_initiation_state *s,
				    __le32 sender_index)
{
	down_write(&handshake->lock);
	memcpy(handshake->remote_ephemeral, s->ephemeral, ZTNET_PUBLIC_KEY_LEN);
	if (memcmp(s->timestamp, handshake->latest_timestamp,
		   ZTNET_TIMESTAMP_LEN) > 0)
		memcpy(handshake->latest_timestamp, s->timestamp,
		       ZTNET_TIMESTAMP_LEN);
	memcpy(handshake->hash, s->hash, ZTNET_HASH_LEN);
	memcpy(handshake->chaining_key, s->chaining_key, ZTNET_HASH_LEN);
	handshake->remote_index = sender_index;
	handshake->last_initiation_consumption = ktime_get_coarse_boottime_ns();
	handshake->state = ZTNET_HANDSHAKE_CONSUMED_INITIATION;
	up_write(&handshake->lock);
}

/* Returns the peer that sent a valid initiation, referenced, or NULL. */
struct ztnet_peer *ztnet_noise_consume_initiation(struct ztnet_msg_initiation *src,
						  struct ztnet_device *zt)
{
	struct ztnet_identity *id = &zt->identity;
	struct ztnet_peer *peer = NULL;
	struct ztnet_initiation_state *s;
	bool ok = false;

	s = kmalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return NULL;
	down_read(&id->lock);
	if (!id->has_identity)
		goto out;
	ztnet_handshake_start(s->chaining_key, s->hash, id->public_key);
	memcpy(s->ephemeral, src->ephemeral, ZTNET_PUBLIC_KEY_LEN);
	ztnet_mix_ephemeral(s->chaining_key, s->hash, s->ephemeral);

	if (!ztnet_mix_dh(s->chaining_key, s->key, id->private_key, s->ephemeral) ||
	    !ztnet_decrypt_and_hash(s->static_key, src->encrypted_static,
				    sizeof(src->encrypted_static), s->key, s->hash))
		goto out;
	peer = ztnet_peer_index_lookup(&zt->peer_index, s->static_key);
	if (!peer)
		goto out;

	down_read(&peer->handshake.lock);
	ok = ztnet_mix_precomputed_dh(s->chaining_key, s->key,
				      peer->handshake.precomputed_static_static);
	up_read(&peer->handshake.lock);
	if (!ok || !ztnet_decrypt_and_hash(s->timestamp, src->encrypted_timestamp,
					   sizeof(src->encrypted_timestamp),
					   s->key, s->hash) ||
	    !ztnet_initiation_is_fresh(&peer->handshake, s->timestamp)) {
		ok = false;
		goto out;
	}
	ztnet_initiation_accept(&peer->handshake, s, src->sender_index);
out:
	up_read(&id->lock);
	kfree_sensitive(s);
	if (!ok) {
		ztnet_peer_put(peer);
		return NULL;
	}
	return peer;
}

bool ztnet_noise_create_response(struct ztnet_msg_response *dst,
				 struct ztnet_handshake *handshake)
{
	struct ztnet_device *zt = ztnet_handshake_device(handshake);
	u8 key[ZTNET_SYMMETRIC_KEY_LEN];
	bool ok = false;

	down_read(&zt->identity.lock);
	down_write(&handshake->lock);
	if (handshake->state != ZTNET_HANDSHAKE_CONSUMED_INITIATION)
		goto out;
	dst->header.type = cpu_to_le32(ZTNET_MSG_RESPONSE);
	dst->receiver_index = handshake->remote_index;

	curve25519_generate_secret(handshake->ephemeral_private);
	if (!curve25519_generate_public(dst->ephemeral,
					handshake->ephemeral_private))
		goto out;
	ztnet_mix_ephemeral(handshake->chaining_key, handshake->hash,
			    dst->ephemeral);
	/* ee and se: the session's secrecy rests on both ephemerals. */
	if (!ztnet_mix_dh(handshake->chaining_key, NULL,
			  handshake->ephemeral_private, handshake->remote_ephemeral) ||
	    !ztnet_mix_dh(handshake->chaining_key, NULL,
			  handshake->ephemeral_private, handshake->remote_static))
		goto out;
	ztnet_mix_psk(handshake->chaining_key, handshake->hash, key,
		      handshake->preshared_key);
	ztnet_encrypt_and_hash(dst->encrypted_nothing, NULL, 0, key,
			       handshake->hash);

	dst->sender_index = ztnet_session_index_insert(&zt->session_index,
						       &handshake->entry);
	handshake->state = ZTNET_HANDSHAKE_CREATED_RESPONSE;
	ok = true;
out:
	up_write(&handshake->lock);
	up_read(&zt->identity.lock);
	memzero_explicit(key, sizeof(key));
	return ok;
}

/* What consume_response needs of the handshake, read once under its lock. */
struct ztnet_response_state {
	u8 chaining_key[ZTNET_HASH_LEN];
	u8 hash[ZTNET_HASH_LEN];
	u8 key[ZTNET_SYMMETRIC_KEY_LEN];
	u8 ephemeral_private[ZTNET_PUBLIC_KEY_LEN];
	u8 preshared_key[ZTNET_SYMMETRIC_KEY_LEN];
	u8 remote_ephemeral[ZTNET_PUBLIC_KEY_LEN];
	enum ztnet_handshake_state state;
};

static void ztnet_response_snapshot(struct ztnet_handshake *handshake,
				    struct ztnet_response_state *s)
{
	down_read(&handshake->lock);
	s->state = handshake->state;
	memcpy(s->chaining_key, handshake->chaining_key, ZTNET_HASH_LEN);
	memcpy(s->hash, handshake->hash, ZTNET_HASH_LEN);
	memcpy(s->ephemeral_private, handshake->ephemeral_private,
	       ZTNET_PUBLIC_KEY_LEN);
	memcpy(s->preshared_key, handshake->preshared_key,
	       ZTNET_SYMMETRIC_KEY_LEN);
	up_read(&handshake->lock);
}

static bool ztnet_response_check(struct ztnet_response_state *s,
				 const struct ztnet_msg_response *src,
				 const u8 private_key[ZTNET_PUBLIC_KEY_LEN])
{
	if (s->state != ZTNET_HANDSHAKE_CREATED_INITIATION)
		return false;
	memcpy(s->remote_ephemeral, src->ephemeral, ZTNET_PUBLIC_KEY_LEN);
	ztnet_mix_ephemeral(s->chaining_key, s->hash, s->remote_ephemeral);
	if (!ztnet_mix_dh(s->chaining_key, NULL, s->ephemeral_private,
			  s->remote_ephemeral) ||
	    !ztnet_mix_dh(s->chaining_key, NULL, private_key,
			  s->remote_ephemeral))
		return false;
	ztnet_mix_psk(s->chaining_key, s->hash, s->key, s->preshared_key);
	return ztnet_decrypt_and_hash(NULL, src->encrypted_nothing,
				      sizeof(src->encrypted_nothing), s->key,
				      s->hash);
}

/*
 * The handshake may have moved on while we computed, if another initiation
 * went out: accept the response only for the one it answers.
 */
static bool ztnet_response_accept(struct ztnet_handshake *handshake,
				  const struct ztnet_response_state *s,
				  const struct ztnet_msg_response *src)
{
	bool ok = false;

	down_write(&handshake->lock);
	if (handshake->state == ZTNET_HANDSHAKE_CREATED_INITIATION &&
	    handshake->entry.index == src->receiver_index) {
		memcpy(handshake->remote_ephemeral, s->remote_ephemeral,
		       ZTNET_PUBLIC_KEY_LEN);
		memcpy(handshake->hash, s->hash, ZTNET_HASH_LEN);
		memcpy(handshake->chaining_key, s->chaining_key, ZTNET_HASH_LEN);
		handshake->remote_index = src->sender_index;
		handshake->state = ZTNET_HANDSHAKE_CONSUMED_RESPONSE;
		ok = true;
	}
	up_write(&handshake->lock);
	return ok;
}

/* Returns the peer that sent a valid response, referenced, or NULL. */
struct ztnet_peer *ztnet_noise_consume_response(struct ztnet_msg_response *src,
						struct ztnet_device *zt)
{
	struct ztnet_response_state *s;
	struct ztnet_index_entry *entry;
	struct ztnet_peer *peer = NULL;
	bool ok = false;

	s = kmalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return NULL;
	down_read(&zt->identity.lock);
	if (!zt->identity.has_identity)
		goto out;
	entry = ztnet_session_index_lookup(&zt->session_index,
					   ZTNET_INDEX_HANDSHAKE,
					   src->receiver_index, &peer);
	if (!entry)
		goto out;
	ztnet_response_snapshot(&peer->handshake, s);
	ok = ztnet_response_check(s, src, zt->identity.private_key) &&
	     ztnet_response_accept(&peer->handshake, s, src);
out:
	up_read(&zt->identity.lock);
	kfree_sensitive(s);
	if (!ok) {
		ztnet_peer_put(peer);
		return NULL;
	}
	return peer;
}

/*
 * The handshake's index now names the session, unless the peer is going:
 * its removal waits for this RCU section, then clears its sessions, and
 * nothing installed after that would ever be freed.
 */
static bool ztnet_session_install(struct ztnet_handshake *handshake,
				  struct ztnet_keypairs *keypairs,
				  struct ztnet_keypair *keypair)
{
	struct ztnet_device *zt = ztnet_handshake_device(handshake);
	bool ok = false;

	rcu_read_lock_bh();
	if (likely(!READ_ONCE(handshake->entry.peer->dead)) &&
	    ztnet_session_index_replace(&zt->session_index, &handshake->entry,
					&keypair->entry)) {
		ztnet_keypairs_install(keypairs, keypair);
		ok = true;
	}
	rcu_read_unlock_bh();
	if (!ok)
		ztnet_keypair_put(keypair, false);
	return ok;
}

/*
 * Turns a finished handshake into a session.  The initiator's sending key
 * is the responder's receiving key and the other way round.
 */
bool ztnet_noise_begin_session(struct ztnet_handshake *handshake,
			       struct ztnet_keypairs *keypairs)
{
	struct ztnet_keypair *keypair;
	u8 *initiator_key, *responder_key;
	bool ok = false;

	down_write(&handshake->lock);
	if (handshake->state != ZTNET_HANDSHAKE_CREATED_RESPONSE &&
	    handshake->state != ZTNET_HANDSHAKE_CONSUMED_RESPONSE)
		goto out;
	keypair = ztnet_keypair_create(handshake->entry.peer);
	if (!keypair)
		goto out;
	keypair->i_am_the_initiator =
		handshake->state == ZTNET_HANDSHAKE_CONSUMED_RESPONSE;
	keypair->remote_index = handshake->remote_index;
	initiator_key = keypair->i_am_the_initiator ? keypair->sending.key :
						      keypair->receiving.key;
	responder_key = keypair->i_am_the_initiator ? keypair->receiving.key :
						      keypair->sending.key;
	ztnet_kdf(initiator_key, responder_key, NULL, NULL, 0,
		  handshake->chaining_key);
	ztnet_keypair_set_valid(keypair);
	ztnet_handshake_zero(handshake);
	ok = ztnet_session_install(handshake, keypairs, keypair);
out:
	up_write(&handshake->lock);
	return ok;
}
