/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: the sizes of the kernel's <crypto/blake2s.h>, which is all that
 * kernel/messages.h needs of it where the kernel's crypto library is not
 * built in: the data plane's targets get the kernel's own header first.
 */
#ifndef ZTNET_KSHIM_CRYPTO_BLAKE2S_H
#define ZTNET_KSHIM_CRYPTO_BLAKE2S_H

enum blake2s_lengths {
	BLAKE2S_BLOCK_SIZE = 64,
	BLAKE2S_HASH_SIZE = 32,
	BLAKE2S_KEY_SIZE = 32,
};

#endif /* ZTNET_KSHIM_CRYPTO_BLAKE2S_H */
