/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ZTNET_KSHIM_KCRYPTO_H
#define ZTNET_KSHIM_KCRYPTO_H

/* Aborts unless the kernel's crypto library works in the shim. */
void kshim_crypto_selftest(void);

#endif /* ZTNET_KSHIM_KCRYPTO_H */
