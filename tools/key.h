/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Keys in their text form: standard base64 of exactly ZTNET_KEY_LEN bytes,
 * which is 44 characters ending in one '=', the same form wg(8) uses.
 *
 * These functions do no I/O and keep no state, so the unit tests and the
 * fuzz targets can call them directly.  Encoding and decoding run in time
 * that does not depend on the key.
 */
#ifndef ZTNET_KEY_H
#define ZTNET_KEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ztnet.h>

#define ZTNET_KEY_B64_LEN	44	/* characters, without the NUL */

/* Writes ZTNET_KEY_B64_LEN characters and a NUL to out. */
void ztnet_key_to_base64(char out[ZTNET_KEY_B64_LEN + 1],
			 const uint8_t key[ZTNET_KEY_LEN]);

/*
 * Decodes len bytes of text, which need not be NUL-terminated.  Trailing
 * whitespace (a newline from `echo` or a file) is ignored; anything else
 * that is not canonical base64 of ZTNET_KEY_LEN bytes is refused, and key
 * is then zeroed.
 */
bool ztnet_key_from_base64(uint8_t key[ZTNET_KEY_LEN], const char *text,
			   size_t len);

/* Turns 32 random bytes into a Curve25519 private key, as wg genkey does. */
void ztnet_key_clamp(uint8_t key[ZTNET_KEY_LEN]);

/* Derives the public key of a private key; false if the result is zero. */
bool ztnet_key_public(uint8_t pub[ZTNET_KEY_LEN],
		      const uint8_t priv[ZTNET_KEY_LEN]);

/*
 * False for a public key that is zero or a point of low order: no
 * handshake with it can succeed, so the kernel never sends to it.
 */
bool ztnet_key_usable(const uint8_t pub[ZTNET_KEY_LEN]);

bool ztnet_key_equal(const uint8_t a[ZTNET_KEY_LEN],
		     const uint8_t b[ZTNET_KEY_LEN]);

bool ztnet_key_is_zero(const uint8_t key[ZTNET_KEY_LEN]);

/* Wipes a secret so that the compiler cannot optimise the store away. */
void ztnet_wipe(void *secret, size_t len);

#endif /* ZTNET_KEY_H */
