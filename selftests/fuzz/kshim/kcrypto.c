// SPDX-License-Identifier: GPL-2.0
/*
 * kshim: the state the kernel's crypto library (compiled from
 * linux-source-6.1 by ../kcrypto) needs, and a check that the library
 * works in the shim before anything is fuzzed with it.  BLAKE2s and
 * Curve25519 run the library's own self-tests; ChaCha20-Poly1305 and
 * XChaCha20-Poly1305, whose self-test needs scatterlists, are checked
 * against libsodium instead, with WireGuard's nonce: four zero bytes and
 * the 64-bit counter, little endian.
 *
 * The library's Curve25519 ladder (curve25519-hacl64.c) is built without
 * the sanitizers, for speed, as kshim_curve25519_ladder(); the
 * curve25519_generic() it stands behind here copies the caller's buffers
 * first, so that ASan still checks what the kernel code passes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include <crypto/chacha20poly1305.h>
#include <crypto/curve25519.h>
#include <crypto/internal/blake2s.h>
#include <linux/mm.h>
#include <linux/random.h>

#include "kcrypto.h"

const u8 kshim_zero_page[4096];

void kshim_curve25519_ladder(u8 out[CURVE25519_KEY_SIZE],
			     const u8 scalar[CURVE25519_KEY_SIZE],
			     const u8 point[CURVE25519_KEY_SIZE]);

void curve25519_generic(u8 out[CURVE25519_KEY_SIZE],
			const u8 scalar[CURVE25519_KEY_SIZE],
			const u8 point[CURVE25519_KEY_SIZE])
{
	u8 s[CURVE25519_KEY_SIZE], p[CURVE25519_KEY_SIZE];
	u8 o[CURVE25519_KEY_SIZE];

	memcpy(s, scalar, sizeof(s));
	memcpy(p, point, sizeof(p));
	kshim_curve25519_ladder(o, s, p);
	memcpy(out, o, sizeof(o));
	memzero_explicit(s, sizeof(s));
}

static void kshim_crypto_fail(const char *what)
{
	fprintf(stderr, "kernel crypto library in the shim: %s\n", what);
	abort();
}

static void kshim_check_aead(size_t len, u64 counter)
{
	u8 key[CHACHA20POLY1305_KEY_SIZE], ad[40], nonce[12] = { 0 };
	u8 xnonce[XCHACHA20POLY1305_NONCE_SIZE];
	u8 plain[256], ours[256 + 16], theirs[256 + 16], back[256];
	unsigned long long theirs_len;
	size_t i;

	get_random_bytes(key, sizeof(key));
	get_random_bytes(ad, sizeof(ad));
	get_random_bytes(plain, len);
	get_random_bytes(xnonce, sizeof(xnonce));
	for (i = 0; i < 8; i++)
		nonce[4 + i] = counter >> (8 * i);

	chacha20poly1305_encrypt(ours, plain, len, ad, len % sizeof(ad),
				 counter, key);
	crypto_aead_chacha20poly1305_ietf_encrypt(theirs, &theirs_len, plain,
						  len, ad, len % sizeof(ad),
						  NULL, nonce, key);
	if (theirs_len != len + 16 || memcmp(ours, theirs, len + 16))
		kshim_crypto_fail("chacha20poly1305 differs from libsodium");
	if (!chacha20poly1305_decrypt(back, ours, len + 16, ad,
				      len % sizeof(ad), counter, key) ||
	    memcmp(back, plain, len))
		kshim_crypto_fail("chacha20poly1305 does not decrypt");
	ours[len] ^= 1;
	if (chacha20poly1305_decrypt(back, ours, len + 16, ad,
				     len % sizeof(ad), counter, key))
		kshim_crypto_fail("chacha20poly1305 takes a bad tag");

	xchacha20poly1305_encrypt(ours, plain, len, ad, len % sizeof(ad),
				  xnonce, key);
	crypto_aead_xchacha20poly1305_ietf_encrypt(theirs, &theirs_len, plain,
						   len, ad, len % sizeof(ad),
						   NULL, xnonce, key);
	if (theirs_len != len + 16 || memcmp(ours, theirs, len + 16))
		kshim_crypto_fail("xchacha20poly1305 differs from libsodium");
	if (!xchacha20poly1305_decrypt(back, ours, len + 16, ad,
				       len % sizeof(ad), xnonce, key) ||
	    memcmp(back, plain, len))
		kshim_crypto_fail("xchacha20poly1305 does not decrypt");
}

void kshim_crypto_selftest(void)
{
	static const u64 counters[] = { 0, 1, 0x100000000ULL, ~0ULL - 1 };
	size_t len, i;

	if (sodium_init() < 0)
		kshim_crypto_fail("sodium_init() failed");
	kshim_random_seed(0x6b63727970746f);
	if (!blake2s_selftest())
		kshim_crypto_fail("blake2s self-test failed");
	if (!curve25519_selftest())
		kshim_crypto_fail("curve25519 self-test failed");
	for (len = 0; len <= 256; len += 1 + len / 4)
		for (i = 0; i < sizeof(counters) / sizeof(counters[0]); i++)
			kshim_check_aead(len, counters[i]);
}
