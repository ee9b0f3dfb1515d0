/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: scatterlists, for the crypto library's in-place functions, which
 * ztnet uses on data packets only.  The handshake never gets here: the
 * shim stops if anything does.
 */
#ifndef ZTNET_KSHIM_LINUX_SCATTERLIST_H
#define ZTNET_KSHIM_LINUX_SCATTERLIST_H

#include <stddef.h>
#include <linux/bug.h>
#include <linux/types.h>

struct scatterlist {
	unsigned long page_link;
	unsigned int offset;
	unsigned int length;
};

struct sg_mapping_iter {
	void *addr;
	size_t length;
};

#define SG_MITER_ATOMIC		(1 << 0)
#define SG_MITER_TO_SG		(1 << 1)
#define SG_MITER_FROM_SG	(1 << 2)

static inline int sg_nents(struct scatterlist *sg)
{
	(void)sg;
	KSHIM_CHECK(false, "scatterlists are not in the shim");
	return 0;
}

static inline void sg_miter_start(struct sg_mapping_iter *miter,
				  struct scatterlist *sgl, unsigned int nents,
				  unsigned int flags)
{
	(void)miter, (void)sgl, (void)nents, (void)flags;
	KSHIM_CHECK(false, "scatterlists are not in the shim");
}

static inline bool sg_miter_next(struct sg_mapping_iter *miter)
{
	(void)miter;
	KSHIM_CHECK(false, "scatterlists are not in the shim");
	return false;
}

static inline void sg_miter_stop(struct sg_mapping_iter *miter)
{
	(void)miter;
	KSHIM_CHECK(false, "scatterlists are not in the shim");
}

#endif /* ZTNET_KSHIM_LINUX_SCATTERLIST_H */
