// SPDX-License-Identifier: GPL-2.0
/*
 * How packets are crypted in parallel yet leave in order.  Each packet is
 * put on two queues at once: its peer's serial queue, in the order it must
 * leave, and one CPU's crypt ring, taken in turn so that every CPU works.
 * A CPU marks the packet done; the peer's serial consumer takes packets
 * from the head of the serial queue only while they are done.
 */

#include <linux/cpumask.h>

#include "keypair.h"
#include "queueing.h"

int ztnet_crypt_queue_init(struct ztnet_crypt_queue *queue,
			   struct ztnet_device *zt, work_func_t fn,
			   unsigned int len)
{
	struct ztnet_cpu_worker *worker;
	int cpu, failed;

	queue->workers = alloc_percpu(struct ztnet_cpu_worker);
	if (!queue->workers)
		return -ENOMEM;
	queue->last_cpu = -1;
	for_each_possible_cpu(cpu) {
		worker = per_cpu_ptr(queue->workers, cpu);
		if (ptr_ring_init(&worker->ring, len, GFP_KERNEL))
			goto err;
		INIT_WORK(&worker->work, fn);
		worker->device = zt;
	}
	return 0;

err:
	failed = cpu;
	for_each_possible_cpu(cpu) {
		if (cpu == failed)
			break;
		ptr_ring_cleanup(&per_cpu_ptr(queue->workers, cpu)->ring, NULL);
	}
	free_percpu(queue->workers);
	queue->workers = NULL;
	return -ENOMEM;
}

/* The workqueue has been flushed: the rings are empty. */
void ztnet_crypt_queue_free(struct ztnet_crypt_queue *queue)
{
	struct ptr_ring *ring;
	int cpu;

	if (!queue->workers)
		return;
	for_each_possible_cpu(cpu) {
		ring = &per_cpu_ptr(queue->workers, cpu)->ring;
		WARN_ON(!__ptr_ring_empty(ring));
		ptr_ring_cleanup(ring, NULL);
	}
	free_percpu(queue->workers);
	queue->workers = NULL;
}

struct ztnet_cpu_worker *ztnet_cpu_worker(struct work_struct *work)
{
	return container_of(work, struct ztnet_cpu_worker, work);
}

/* Races on last_cpu only skew the rotation, which costs nothing. */
static int ztnet_next_cpu(struct ztnet_crypt_queue *queue)
{
	int cpu = cpumask_next(READ_ONCE(queue->last_cpu), cpu_online_mask);

	if (cpu >= nr_cpu_ids)
		cpu = cpumask_first(cpu_online_mask);
	WRITE_ONCE(queue->last_cpu, cpu);
	return cpu;
}

bool ztnet_crypt_queue_enqueue(struct ztnet_crypt_queue *queue,
			       struct workqueue_struct *wq, struct sk_buff *skb)
{
	struct ztnet_cpu_worker *worker;
	int cpu = ztnet_next_cpu(queue);

	worker = per_cpu_ptr(queue->workers, cpu);
	if (ptr_ring_produce_bh(&worker->ring, skb))
		return false;
	queue_work_on(cpu, wq, &worker->work);
	return true;
}

void ztnet_serial_queue_init(struct ztnet_serial_queue *queue)
{
	skb_queue_head_init(&queue->packets);
}

bool ztnet_serial_queue_enqueue(struct ztnet_serial_queue *queue,
				struct sk_buff *skb)
{
	bool queued = false;

	spin_lock_bh(&queue->packets.lock);
	if (skb_queue_len(&queue->packets) < ZTNET_MAX_QUEUED_PACKETS) {
		__skb_queue_tail(&queue->packets, skb);
		queued = true;
	}
	spin_unlock_bh(&queue->packets.lock);
	return queued;
}

/* Returns the head packet if a CPU is done with it, else NULL. */
struct sk_buff *ztnet_serial_queue_dequeue_ready(struct ztnet_serial_queue *queue)
{
	struct sk_buff *skb;

	spin_lock_bh(&queue->packets.lock);
	skb = skb_peek(&queue->packets);
	if (skb && atomic_read_acquire(&ZTNET_CB(skb)->state) ==
		   ZTNET_PACKET_UNCRYPTED)
		skb = NULL;
	if (skb)
		__skb_unlink(skb, &queue->packets);
	spin_unlock_bh(&queue->packets.lock);
	return skb;
}

/* Only once no CPU can still be working on these packets. */
void ztnet_serial_queue_purge(struct ztnet_serial_queue *queue)
{
	struct sk_buff *skb;

	while ((skb = skb_dequeue(&queue->packets)))
		ztnet_packet_free(skb);
}

/*
 * Queues a packet whose cb holds a keypair reference for crypting.
 * Returns 0; -ENOSPC if the peer's queue is full, the packet still the
 * caller's; or -EBUSY if the crypt ring is full, in which case the packet
 * was queued dead and the caller must kick the serial consumer.
 */
int ztnet_queue_packet(struct ztnet_crypt_queue *crypt,
		       struct workqueue_struct *wq,
		       struct ztnet_serial_queue *serial, struct sk_buff *skb)
{
	atomic_set(&ZTNET_CB(skb)->state, ZTNET_PACKET_UNCRYPTED);
	if (!ztnet_serial_queue_enqueue(serial, skb))
		return -ENOSPC;
	if (!ztnet_crypt_queue_enqueue(crypt, wq, skb)) {
		ztnet_packet_set_state(skb, ZTNET_PACKET_DEAD);
		return -EBUSY;
	}
	return 0;
}

void ztnet_packet_set_state(struct sk_buff *skb, enum ztnet_packet_state state)
{
	atomic_set_release(&ZTNET_CB(skb)->state, state);
}

/*
 * A queued packet holds a reference to its keypair and one to its peer;
 * the keypair goes first, because freeing it touches the peer's device.
 */
void ztnet_packet_put_refs(struct ztnet_keypair *keypair)
{
	struct ztnet_peer *peer = keypair->entry.peer;

	ztnet_keypair_put(keypair, false);
	ztnet_peer_put(peer);
}

/* Frees a unit: its first packet, those batched with it, and its refs. */
void ztnet_packet_free(struct sk_buff *first)
{
	struct ztnet_keypair *keypair = ZTNET_CB(first)->keypair;
	struct sk_buff *skb, *next;

	for (skb = first; skb; skb = next) {
		next = ZTNET_CB(skb)->batch_next;
		kfree_skb(skb);
	}
	if (keypair)
		ztnet_packet_put_refs(keypair);
}
