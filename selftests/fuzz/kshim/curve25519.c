// SPDX-License-Identifier: GPL-2.0
/*
 * kshim: curve25519() on libsodium.  crypto_scalarmult() clamps the scalar
 * as the kernel does and fails on an all-zero result, where the kernel's
 * returns false; both ignore the top bit of the point.
 */
#include <stdlib.h>
#include <sodium.h>
#include <crypto/curve25519.h>

_Static_assert(CURVE25519_KEY_SIZE == crypto_scalarmult_BYTES,
	       "libsodium and the kernel agree on the key size");

bool curve25519(u8 mypublic[CURVE25519_KEY_SIZE],
		const u8 secret[CURVE25519_KEY_SIZE],
		const u8 basepoint[CURVE25519_KEY_SIZE])
{
	static bool ready;

	/* Chooses the fastest implementation; all of them agree. */
	if (!ready) {
		if (sodium_init() < 0)
			abort();
		ready = true;
	}
	return crypto_scalarmult(mypublic, secret, basepoint) == 0;
}
