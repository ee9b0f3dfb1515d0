/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ZTNET_TXN_H
#define _ZTNET_TXN_H

#include <net/genetlink.h>
#include <net/sock.h>

struct ztnet_device;
struct ztnet_txn;

/* Called with one request's attributes, or one peer's; nonzero stops. */
typedef int (*ztnet_attrs_fn)(struct nlattr **attrs, void *arg);

/* What one socket may have staged, for all devices together. */
#define ZTNET_MAX_STAGED_BYTES (64UL << 20)

int ztnet_txn_stage(struct ztnet_device *zt, const struct sock *sk,
		    struct genl_info *info);
struct ztnet_txn *ztnet_txn_take(struct ztnet_device *zt,
				 const struct sock *sk, struct genl_info *info);
void ztnet_txn_abort(struct ztnet_device *zt, const struct sock *sk,
		     struct genl_info *info);
void ztnet_txn_free(struct ztnet_txn *txn);
unsigned int ztnet_txn_count(const struct ztnet_txn *txn);
int ztnet_txn_for_each(struct ztnet_txn *txn, ztnet_attrs_fn fn, void *arg);
void ztnet_txn_drop_device(const struct ztnet_device *zt);

int ztnet_txn_init(void);
void ztnet_txn_uninit(void);

#endif /* _ZTNET_TXN_H */
