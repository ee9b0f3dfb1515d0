// SPDX-License-Identifier: GPL-2.0
/*
 * Staged requests.  A configuration too large for one netlink message is
 * sent as several SET_DEVICE requests: all but the last carry
 * ZTDEVICE_F_STAGE and are only kept, validated, for the socket that sent
 * them and the device they name.  The last one takes them and applies
 * them, with itself, as one change (config.c).  What a socket staged goes
 * unapplied when the socket closes, when one of its requests for that
 * device fails, or when the device goes.
 *
 * Staged requests are hashed by socket, under one mutex: only
 * configuration changes and the closing of generic netlink sockets look
 * at them, and the latter only when something is staged at all.  What
 * they may cost is bounded per socket and in all.
 */

#include <linux/hashtable.h>
#include <linux/jhash.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/netlink.h>
#include <linux/notifier.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "device.h"
#include "nlpolicy.h"
#include "txn.h"

/* One staged request: its attributes, as they came. */
struct ztnet_staged {
	struct list_head list;
	int len;
	u8 data[];
};

struct ztnet_txn {
	struct hlist_node node;
	/*
	 * Whose it is: compared, never dereferenced.  The socket tells it
	 * from one that takes the same port id as it closes; the device id,
	 * unlike an address, is never reused.
	 */
	const struct net *net;
	u32 portid;
	const struct sock *sk;
	u64 device_id;
	struct list_head staged;
	unsigned int count;
	/* What it holds in memory, bookkeeping included. */
	size_t bytes;
};

static DEFINE_MUTEX(ztnet_txn_lock);
static DEFINE_HASHTABLE(ztnet_txns, 8);
/* Bytes staged by every socket; a cap keeps them a sliver of memory. */
static size_t ztnet_txn_bytes;
/* How many transactions are open, read without the lock. */
static atomic_t ztnet_txn_open = ATOMIC_INIT(0);

static u32 ztnet_txn_hash(const struct net *net, u32 portid)
{
	return jhash_2words((u32)(unsigned long)net, portid, 0);
}

static size_t ztnet_txn_cap(void)
{
	return max(ZTNET_MAX_STAGED_BYTES, (totalram_pages() << PAGE_SHIFT) / 16);
}

static struct ztnet_txn *ztnet_txn_find(const struct ztnet_device *zt,
					const struct sock *sk,
					struct genl_info *info)
{
	const struct net *net = genl_info_net(info);
	struct ztnet_txn *txn;

	lockdep_assert_held(&ztnet_txn_lock);
	hash_for_each_possible(ztnet_txns, txn, node,
			       ztnet_txn_hash(net, info->snd_portid)) {
		if (txn->device_id == zt->id && txn->sk == sk &&
		    txn->net == net && txn->portid == info->snd_portid)
			return txn;
	}
	return NULL;
}

/* What the socket has staged for all devices. */
static size_t ztnet_txn_socket_bytes(const struct sock *sk,
				     struct genl_info *info)
{
	const struct net *net = genl_info_net(info);
	struct ztnet_txn *txn;
	size_t bytes = 0;

	hash_for_each_possible(ztnet_txns, txn, node,
			       ztnet_txn_hash(net, info->snd_portid)) {
		if (txn->sk == sk && txn->net == net &&
		    txn->portid == info->snd_portid)
			bytes += txn->bytes;
	}
	return bytes;
}

static struct ztnet_txn *ztnet_txn_new(const struct ztnet_device *zt,
				       const struct sock *sk,
				       struct genl_info *info)
{
	struct ztnet_txn *txn = kzalloc(sizeof(*txn), GFP_KERNEL_ACCOUNT);

	if (!txn)
		return NULL;
	txn->device_id = zt->id;
	txn->sk = sk;
	txn->net = genl_info_net(info);
	txn->portid = info->snd_portid;
	txn->bytes = sizeof(*txn);
	INIT_LIST_HEAD(&txn->staged);
	hash_add(ztnet_txns, &txn->node, ztnet_txn_hash(txn->net, txn->portid));
	ztnet_txn_bytes += txn->bytes;
	atomic_inc(&ztnet_txn_open);
	return txn;
}

/* Off the hash, and no longer counted; the caller frees it. */
static void ztnet_txn_unlink(struct ztnet_txn *txn)
{
	lockdep_assert_held(&ztnet_txn_lock);
	hash_del(&txn->node);
	ztnet_txn_bytes -= txn->bytes;
	atomic_dec(&ztnet_txn_open);
}

static struct ztnet_staged *ztnet_staged_copy(struct genl_info *info)
{
	int len = nlmsg_attrlen(info->nlhdr, GENL_HDRLEN);
	struct ztnet_staged *staged;

	staged = kvmalloc(struct_size(staged, data, len), GFP_KERNEL_ACCOUNT);
	if (!staged)
		return NULL;
	staged->len = len;
	memcpy(staged->data, nlmsg_attrdata(info->nlhdr, GENL_HDRLEN), len);
	return staged;
}

/*
 * Keeps a validated request for the socket's next unstaged one.  Past a
 * cap it fails with E2BIG, and what the socket staged for the device is
 * dropped with it: half a change must never be applied.
 */
int ztnet_txn_stage(struct ztnet_device *zt, const struct sock *sk,
		    struct genl_info *info)
{
	struct ztnet_staged *staged;
	struct ztnet_txn *txn;
	size_t size;
	int err;

	staged = ztnet_staged_copy(info);
	if (!staged) {
		ztnet_txn_abort(zt, sk, info);
		return -ENOMEM;
	}
	size = struct_size(staged, data, staged->len);
	mutex_lock(&ztnet_txn_lock);
	err = -E2BIG;
	if (ztnet_txn_socket_bytes(sk, info) + size > ZTNET_MAX_STAGED_BYTES ||
	    ztnet_txn_bytes + size > ztnet_txn_cap())
		goto err;
	err = -ENOMEM;
	txn = ztnet_txn_find(zt, sk, info) ?: ztnet_txn_new(zt, sk, info);
	if (!txn)
		goto err;
	list_add_tail(&staged->list, &txn->staged);
	txn->count++;
	txn->bytes += size;
	ztnet_txn_bytes += size;
	mutex_unlock(&ztnet_txn_lock);
	return 0;

err:
	mutex_unlock(&ztnet_txn_lock);
	kvfree_sensitive(staged, size);
	ztnet_txn_abort(zt, sk, info);
	return err;
}

/* What the socket staged for the device, now the caller's, or NULL. */
struct ztnet_txn *ztnet_txn_take(struct ztnet_device *zt,
				 const struct sock *sk, struct genl_info *info)
{
	struct ztnet_txn *txn;

	mutex_lock(&ztnet_txn_lock);
	txn = ztnet_txn_find(zt, sk, info);
	if (txn)
		ztnet_txn_unlink(txn);
	mutex_unlock(&ztnet_txn_lock);
	return txn;
}

/* A request of the socket's failed: what it staged goes with it. */
void ztnet_txn_abort(struct ztnet_device *zt, const struct sock *sk,
		     struct genl_info *info)
{
	ztnet_txn_free(ztnet_txn_take(zt, sk, info));
}

unsigned int ztnet_txn_count(const struct ztnet_txn *txn)
{
	return txn ? txn->count : 0;
}

void ztnet_txn_free(struct ztnet_txn *txn)
{
	struct ztnet_staged *staged, *next;

	if (!txn)
		return;
	/* Staged requests may hold private and preshared keys. */
	list_for_each_entry_safe(staged, next, &txn->staged, list) {
		kvfree_sensitive(staged, struct_size(staged, data, staged->len));
		cond_resched();
	}
	kfree(txn);
}

/*
 * Calls @fn on each staged request in the order it came, until one
 * returns an error.  They were validated when staged, so parsing them
 * again cannot fail.
 */
int ztnet_txn_for_each(struct ztnet_txn *txn, ztnet_attrs_fn fn, void *arg)
{
	struct nlattr *attrs[ZTDEVICE_A_MAX + 1];
	struct ztnet_staged *staged;
	int err;

	if (!txn)
		return 0;
	list_for_each_entry(staged, &txn->staged, list) {
		err = nla_parse(attrs, ZTDEVICE_A_MAX, (void *)staged->data,
				staged->len, ztnet_device_policy, NULL);
		if (WARN_ON_ONCE(err))
			return err;
		err = fn(attrs, arg);
		if (err)
			return err;
	}
	return 0;
}

static void ztnet_txn_free_list(struct hlist_head *dropped)
{
	struct ztnet_txn *txn;
	struct hlist_node *next;

	hlist_for_each_entry_safe(txn, next, dropped, node)
		ztnet_txn_free(txn);
}

/* The device goes: what was staged for it can never be applied. */
void ztnet_txn_drop_device(const struct ztnet_device *zt)
{
	struct ztnet_txn *txn;
	struct hlist_node *next;
	HLIST_HEAD(dropped);
	int bucket;

	if (!atomic_read(&ztnet_txn_open))
		return;
	mutex_lock(&ztnet_txn_lock);
	hash_for_each_safe(ztnet_txns, bucket, next, txn, node) {
		if (txn->device_id != zt->id)
			continue;
		ztnet_txn_unlink(txn);
		hlist_add_head(&txn->node, &dropped);
	}
	mutex_unlock(&ztnet_txn_lock);
	ztnet_txn_free_list(&dropped);
}

/*
 * A socket that closes before it commits changes nothing.  Its own
 * requests are done by now, so if nothing at all is staged there is
 * nothing of it to find.
 */
static int ztnet_txn_socket_event(struct notifier_block *nb,
				  unsigned long event, void *ptr)
{
	struct netlink_notify *n = ptr;
	struct ztnet_txn *txn;
	struct hlist_node *next;
	HLIST_HEAD(dropped);

	if (event != NETLINK_URELEASE || n->protocol != NETLINK_GENERIC ||
	    !atomic_read(&ztnet_txn_open))
		return NOTIFY_DONE;
	mutex_lock(&ztnet_txn_lock);
	hash_for_each_possible_safe(ztnet_txns, txn, next, node,
				    ztnet_txn_hash(n->net, n->portid)) {
		if (txn->net != n->net || txn->portid != n->portid)
			continue;
		ztnet_txn_unlink(txn);
		hlist_add_head(&txn->node, &dropped);
	}
	mutex_unlock(&ztnet_txn_lock);
	ztnet_txn_free_list(&dropped);
	return NOTIFY_DONE;
}

static struct notifier_block ztnet_txn_notifier = {
	.notifier_call = ztnet_txn_socket_event,
};

int __init ztnet_txn_init(void)
{
	return netlink_register_notifier(&ztnet_txn_notifier);
}

/* Every device is gone by now, and took its transactions with it. */
void ztnet_txn_uninit(void)
{
	netlink_unregister_notifier(&ztnet_txn_notifier);
	WARN_ON(atomic_read(&ztnet_txn_open));
}
