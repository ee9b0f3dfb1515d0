/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: what the data plane and the crypto library take from the kernel's
 * <crypto/algapi.h>: the constant-time comparison and the XOR of buffers,
 * both implemented by the library itself (lib/crypto/memneq.c and
 * utils.c), not by the crypto API that the rest of the header is about.
 */
#ifndef ZTNET_KSHIM_CRYPTO_ALGAPI_H
#define ZTNET_KSHIM_CRYPTO_ALGAPI_H

#include <stddef.h>
#include <asm/unaligned.h>
#include <linux/kernel.h>
#include <linux/types.h>

unsigned long __crypto_memneq(const void *a, const void *b, size_t size);
void __crypto_xor(u8 *dst, const u8 *src1, const u8 *src2, unsigned int len);

/* Nonzero if the buffers differ, in time that does not depend on where. */
static inline int crypto_memneq(const void *a, const void *b, size_t size)
{
	return __crypto_memneq(a, b, size) != 0UL ? 1 : 0;
}

static inline void crypto_xor(u8 *dst, const u8 *src, unsigned int size)
{
	__crypto_xor(dst, dst, src, size);
}

static inline void crypto_xor_cpy(u8 *dst, const u8 *src1, const u8 *src2,
				  unsigned int size)
{
	__crypto_xor(dst, src1, src2, size);
}

#endif /* ZTNET_KSHIM_CRYPTO_ALGAPI_H */
