/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: see linux/scatterlist.h. */
#ifndef ZTNET_KSHIM_CRYPTO_SCATTERWALK_H
#define ZTNET_KSHIM_CRYPTO_SCATTERWALK_H

#include <linux/scatterlist.h>

static inline void scatterwalk_map_and_copy(void *buf, struct scatterlist *sg,
					    unsigned int start,
					    unsigned int nbytes, int out)
{
	(void)buf, (void)sg, (void)start, (void)nbytes, (void)out;
	KSHIM_CHECK(false, "scatterlists are not in the shim");
}

#endif /* ZTNET_KSHIM_CRYPTO_SCATTERWALK_H */
