// SPDX-License-Identifier: GPL-2.0
/*
 * See handshake-ref.h.  Written from the protocol description, as its
 * formulas read:
 *
 *	HASH(x) = BLAKE2s-256(x), MAC(k, x) = keyed BLAKE2s-128,
 *	HMAC(k, x) = HMAC-BLAKE2s-256 (RFC 2104, 64-byte blocks),
 *	KDFn(ck, x): t0 = HMAC(ck, x), t1 = HMAC(t0, 0x1),
 *		     ti = HMAC(t0, t(i-1) || i),
 *	AEAD(k, 0, p, a) = ChaCha20-Poly1305 with a zero 96-bit nonce,
 *	DH = X25519, whose all-zero result is refused.
 */
#include <string.h>
#include <sodium.h>
#include <crypto/blake2s.h>

#include "handshake-ref.h"

static const char construction[] = "Noise_IKpsk2_25519_ChaChaPoly_BLAKE2s";
static const char identifier[] = "WireGuard v1 zx2c4 Jason@zx2c4.com";
static const char label_mac1[] = "mac1----";
static const char label_cookie[] = "cookie--";

/* HASH(a || b). */
static void hash2(u8 out[REF_KEY], const void *a, size_t a_len,
		  const void *b, size_t b_len)
{
	struct blake2s_state s;

	blake2s_init(&s, REF_KEY);
	blake2s_update(&s, a, a_len);
	blake2s_update(&s, b, b_len);
	blake2s_final(&s, out);
}

static void mix_hash(u8 h[REF_KEY], const void *data, size_t len)
{
	hash2(h, h, REF_KEY, data, len);
}

static void hmac(u8 out[REF_KEY], const u8 key[REF_KEY], const void *in,
		 size_t len)
{
	u8 ipad[64], opad[64], inner[REF_KEY];
	int i;

	memset(ipad, 0, sizeof(ipad));
	memcpy(ipad, key, REF_KEY);
	memcpy(opad, ipad, sizeof(opad));
	for (i = 0; i < 64; i++) {
		ipad[i] ^= 0x36;
		opad[i] ^= 0x5c;
	}
	hash2(inner, ipad, sizeof(ipad), in, len);
	hash2(out, opad, sizeof(opad), inner, sizeof(inner));
}

static void kdf(u8 *t1, u8 *t2, u8 *t3, const u8 ck[REF_KEY],
		const void *in, size_t len)
{
	u8 t0[REF_KEY], buf[REF_KEY + 1], prev[REF_KEY];

	hmac(t0, ck, in, len);
	buf[0] = 1;
	hmac(prev, t0, buf, 1);
	if (t1)
		memcpy(t1, prev, REF_KEY);
	memcpy(buf, prev, REF_KEY);
	buf[REF_KEY] = 2;
	hmac(prev, t0, buf, sizeof(buf));
	if (t2)
		memcpy(t2, prev, REF_KEY);
	memcpy(buf, prev, REF_KEY);
	buf[REF_KEY] = 3;
	hmac(prev, t0, buf, sizeof(buf));
	if (t3)
		memcpy(t3, prev, REF_KEY);
}

static bool dh(u8 out[REF_KEY], const u8 priv[REF_KEY], const u8 pub[REF_KEY])
{
	return crypto_scalarmult(out, priv, pub) == 0;
}

static bool aead_open(u8 *plain, const u8 *sealed, size_t sealed_len,
		      const u8 key[REF_KEY], const u8 ad[REF_KEY])
{
	static const u8 nonce[crypto_aead_chacha20poly1305_IETF_NPUBBYTES];
	u8 scratch[64];

	return crypto_aead_chacha20poly1305_ietf_decrypt(plain ? plain : scratch,
							 NULL, NULL, sealed,
							 sealed_len, ad,
							 REF_KEY, nonce,
							 key) == 0;
}

void ref_public_key(u8 pub[REF_KEY], const u8 priv[REF_KEY])
{
	crypto_scalarmult_base(pub, priv);
}

static void start(u8 ck[REF_KEY], u8 h[REF_KEY], const u8 responder[REF_KEY])
{
	hash2(ck, construction, strlen(construction), NULL, 0);
	hash2(h, ck, REF_KEY, identifier, strlen(identifier));
	mix_hash(h, responder, REF_KEY);
}

enum ref_stage ref_open_initiation(const struct ztnet_msg_initiation *msg,
				   const u8 priv[REF_KEY],
				   const u8 pub[REF_KEY],
				   struct ref_handshake *out)
{
	u8 *ck = out->chaining_key, *h = out->hash;
	u8 shared[REF_KEY], key[REF_KEY];

	start(ck, h, pub);
	mix_hash(h, msg->ephemeral, REF_KEY);
	kdf(ck, NULL, NULL, ck, msg->ephemeral, REF_KEY);
	if (!dh(shared, priv, msg->ephemeral))
		return REF_BAD_DH;
	kdf(ck, key, NULL, ck, shared, REF_KEY);
	if (!aead_open(out->static_key, msg->encrypted_static,
		       sizeof(msg->encrypted_static), key, h))
		return REF_BAD_STATIC;
	mix_hash(h, msg->encrypted_static, sizeof(msg->encrypted_static));
	if (!dh(shared, priv, out->static_key))
		return REF_BAD_SS;
	kdf(ck, key, NULL, ck, shared, REF_KEY);
	if (!aead_open(out->timestamp, msg->encrypted_timestamp,
		       sizeof(msg->encrypted_timestamp), key, h))
		return REF_BAD_TIMESTAMP;
	mix_hash(h, msg->encrypted_timestamp, sizeof(msg->encrypted_timestamp));
	return REF_OK;
}

enum ref_stage ref_open_response(const struct ztnet_msg_response *msg,
				 const u8 chaining_key[REF_KEY],
				 const u8 hash[REF_KEY],
				 const u8 ephemeral_priv[REF_KEY],
				 const u8 static_priv[REF_KEY],
				 const u8 psk[REF_KEY],
				 struct ref_handshake *out)
{
	u8 *ck = out->chaining_key, *h = out->hash;
	u8 shared[REF_KEY], tau[REF_KEY], key[REF_KEY];

	memcpy(ck, chaining_key, REF_KEY);
	memcpy(h, hash, REF_KEY);
	mix_hash(h, msg->ephemeral, REF_KEY);
	kdf(ck, NULL, NULL, ck, msg->ephemeral, REF_KEY);
	if (!dh(shared, ephemeral_priv, msg->ephemeral))
		return REF_BAD_DH;
	kdf(ck, NULL, NULL, ck, shared, REF_KEY);
	if (!dh(shared, static_priv, msg->ephemeral))
		return REF_BAD_DH;
	kdf(ck, NULL, NULL, ck, shared, REF_KEY);
	kdf(ck, tau, key, ck, psk, REF_KEY);
	mix_hash(h, tau, REF_KEY);
	if (!aead_open(NULL, msg->encrypted_nothing,
		       sizeof(msg->encrypted_nothing), key, h))
		return REF_BAD_TAG;
	mix_hash(h, msg->encrypted_nothing, sizeof(msg->encrypted_nothing));
	return REF_OK;
}

void ref_session_keys(const u8 chaining_key[REF_KEY], u8 send[REF_KEY],
		      u8 recv[REF_KEY])
{
	kdf(send, recv, NULL, chaining_key, NULL, 0);
}

void ref_mac1(u8 mac[REF_MAC], const u8 receiver_pub[REF_KEY],
	      const void *msg, size_t len)
{
	u8 key[REF_KEY];

	hash2(key, label_mac1, strlen(label_mac1), receiver_pub, REF_KEY);
	blake2s(mac, msg, key, REF_MAC, len - 2 * REF_MAC, REF_KEY);
}

void ref_mac2(u8 mac[REF_MAC], const u8 cookie[REF_MAC], const void *msg,
	      size_t len)
{
	blake2s(mac, msg, cookie, REF_MAC, len - REF_MAC, REF_MAC);
}

void ref_cookie(u8 cookie[REF_MAC], const u8 secret[REF_KEY],
		const void *addr, size_t addr_len, const void *port)
{
	u8 in[16 + 2];

	memcpy(in, addr, addr_len);
	memcpy(in + addr_len, port, 2);
	blake2s(cookie, in, secret, REF_MAC, addr_len + 2, REF_KEY);
}

bool ref_open_cookie(u8 cookie[REF_MAC], const struct ztnet_msg_cookie *msg,
		     const u8 peer_pub[REF_KEY], const u8 mac1[REF_MAC])
{
	u8 key[REF_KEY];

	hash2(key, label_cookie, strlen(label_cookie), peer_pub, REF_KEY);
	return crypto_aead_xchacha20poly1305_ietf_decrypt(
		       cookie, NULL, NULL, msg->encrypted_cookie,
		       sizeof(msg->encrypted_cookie), mac1, REF_MAC,
		       msg->nonce, key) == 0;
}
