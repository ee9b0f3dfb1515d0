/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: nothing of the crypto API is needed by the library. */
#ifndef ZTNET_KSHIM_LINUX_CRYPTO_H
#define ZTNET_KSHIM_LINUX_CRYPTO_H

#endif /* ZTNET_KSHIM_LINUX_CRYPTO_H */
