/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: the kernel's <crypto/curve25519.h>, as far as kernel/validate.c
 * uses it.  Like the kernel's header it brings memzero_explicit() along.
 */
#ifndef ZTNET_KSHIM_CRYPTO_CURVE25519_H
#define ZTNET_KSHIM_CRYPTO_CURVE25519_H

#include <linux/string.h>
#include <linux/types.h>

#define CURVE25519_KEY_SIZE	32

/*
 * In ../../curve25519.c.  False when the result is all zeros, which is
 * what a zero or low-order point gives, as the kernel's does.
 */
bool curve25519(u8 mypublic[CURVE25519_KEY_SIZE],
		const u8 secret[CURVE25519_KEY_SIZE],
		const u8 basepoint[CURVE25519_KEY_SIZE]);

#endif /* ZTNET_KSHIM_CRYPTO_CURVE25519_H */
